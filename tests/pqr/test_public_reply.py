"""The customer answers a completion request on the status page (art. 17): a customer
message with files, the term runs again, and the page says so."""

from datetime import date

import pytest
from django.urls import reverse

from pqr.attachments import fake_upload
from pqr.models import MessageKind, PqrMessage, Status
from pqr.public import access as public_access
from pqr.services import pqr_request_completion
from sla.calendar import BOGOTA
from sla.models import Alert
from tests.sla.conftest import at, travel  # noqa: F401 (travel is a fixture)

from .factories import CustomerFactory, make_pqr
from .public_helpers import LOOKUP_URL, STATUS_URL

pytestmark = pytest.mark.django_db
REPLY_URL = reverse("pqr:public_reply")


@pytest.fixture
def waiting(agent, team_a):
    customer = CustomerFactory(document_type="CC", document_number="71234567")
    pqr = make_pqr(actor=agent, team=team_a, customer=customer, assigned_to=agent)
    pqr_request_completion(pqr=pqr, actor=agent, missing="Copia del recibo de pago.")
    pqr.refresh_from_db()
    assert pqr.term_suspended
    return pqr


def _look_up(client, pqr):
    response = client.post(LOOKUP_URL, {"radicado": pqr.radicado, "identifier": "71234567"})
    assert response.status_code == 302


def test_the_reply_restarts_the_term_and_tells_the_customer(client, waiting, agent):
    _look_up(client, waiting)
    page = client.get(STATUS_URL).content.decode()
    assert 'data-testid="public-reply-form"' in page
    response = client.post(
        REPLY_URL,
        {"body": "Adjunto el recibo.", "attachments": [fake_upload(b"%PDF-1.4\nr", "recibo.pdf")]},
        follow=True,
    )
    page = response.content.decode()
    assert "Recibimos su información" in page
    assert "corre de nuevo desde el día hábil siguiente" in page
    assert 'data-testid="public-reply-form"' not in page  # no longer waiting
    waiting.refresh_from_db()
    assert (waiting.status, waiting.term_suspended) == (Status.EN_TRAMITE, False)
    message = PqrMessage.objects.get(pqr=waiting, kind=MessageKind.CUSTOMER)
    assert (message.body, message.source) == ("Adjunto el recibo.", "status_page")
    assert [a.filename for a in message.attachments.all()] == ["recibo.pdf"]
    assert Alert.objects.filter(pqr=waiting, kind="customer_message").exists()


def test_an_empty_or_refused_reply_keeps_what_was_typed(client, waiting):
    _look_up(client, waiting)
    response = client.post(REPLY_URL, {"body": ""})
    assert response.status_code == 400
    assert "Escriba su respuesta o adjunte" in response.content.decode()
    response = client.post(
        REPLY_URL,
        {"body": "Va el programa", "attachments": [fake_upload(b"MZ\x90\x00" * 20, "x.exe")]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "no es de un tipo permitido" in page
    assert "Va el programa" in page
    waiting.refresh_from_db()
    assert waiting.status == Status.EN_ESPERA_CLIENTE
    assert not PqrMessage.objects.filter(pqr=waiting, kind=MessageKind.CUSTOMER).exists()


def test_no_reply_form_unless_the_pqr_waits_on_the_customer(client, agent, team_a):
    customer = CustomerFactory(document_type="CC", document_number="71234567")
    pqr = make_pqr(actor=agent, team=team_a, customer=customer)
    _look_up(client, pqr)
    assert 'data-testid="public-reply-form"' not in client.get(STATUS_URL).content.decode()
    response = client.post(REPLY_URL, {"body": "Hola"}, follow=True)
    assert "no está esperando información suya" in response.content.decode()
    assert not PqrMessage.objects.filter(pqr=pqr, kind=MessageKind.CUSTOMER).exists()


def test_the_reply_needs_the_lookup_first(client, waiting):
    response = client.post(REPLY_URL, {"body": "Hola"})
    assert response["Location"] == LOOKUP_URL
    assert not client.cookies.get(public_access.LOOKUP_COOKIE)


def test_status_page_reply_on_tuesday_resumes_the_term_from_wednesday(
    client,
    agent,
    team_a,
    travel,  # noqa: F811
):
    """Filed Monday 16 March 2026 (due 9 April), asked on Wednesday 18 March: 13 business
    days were left. The reply on Tuesday 31 March is the arrival: they count from
    Wednesday 1 April (2 and 3 April are Semana Santa): 1, 6-10, 13-17, 20, 21 April."""
    travel(at(2026, 3, 16, 9))
    customer = CustomerFactory(document_type="CC", document_number="71234567")
    pqr = make_pqr(actor=agent, team=team_a, customer=customer, received_at=at(2026, 3, 16, 9))
    travel(at(2026, 3, 18, 10))
    pqr_request_completion(pqr=pqr, actor=agent, missing="Copia del recibo de pago.")
    travel(at(2026, 3, 31, 18))
    _look_up(client, pqr)
    client.post(REPLY_URL, {"body": "Adjunto el recibo."})
    pqr.refresh_from_db()
    assert (pqr.status, pqr.term_suspended) == (Status.EN_TRAMITE, False)
    assert pqr.completion_requests.get().arrived_on == date(2026, 3, 31)
    assert pqr.legal_due_at.astimezone(BOGOTA).date() == date(2026, 4, 21)
    assert pqr.events.filter(note__contains="Información recibida el 2026-03-31 (status_page)")
