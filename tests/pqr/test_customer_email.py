"""Customer emails through the outbox: after commit, once, in the customer's language."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import transaction

from core.mail import BACKOFF_MAX_SECONDS
from pqr import emails
from pqr.models import CustomerEmail, CustomerEmailKind, MessageKind, Pqr
from pqr.services import pqr_message_add, pqr_request_completion, pqr_transfer
from pqr.tasks import send_customer_email
from sla.calendar import BOGOTA

from .factories import CustomerFactory, make_pqr
from .public_helpers import CREATE_URL, form_data, relay

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_with_email(db):
    return CustomerFactory(full_name="Ana Lucía Pérez", email="ana.perez@example.com")


def test_acknowledgement_is_sent_once_after_commit(
    agent, team_a, customer_with_email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pqr = make_pqr(actor=agent, team=team_a, customer=customer_with_email)
        assert mail.outbox == []  # nothing leaves before the commit
    assert CustomerEmail.objects.filter(pqr=pqr, kind="acknowledgement").count() == 1
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana.perez@example.com"]
    assert pqr.radicado in mail.outbox[0].subject
    row = CustomerEmail.objects.get(pqr=pqr)
    assert row.sent_at is not None
    assert row.attempts == 1
    # A repeated trigger or a second task run sends nothing more.
    emails.customer_email_queue(kind="acknowledgement", pqr=pqr)
    send_customer_email.delay(row.pk)
    assert len(mail.outbox) == 1
    assert CustomerEmail.objects.filter(pqr=pqr).count() == 1


def test_no_acknowledgement_when_the_intake_rolls_back(
    agent, team_a, customer_with_email, django_capture_on_commit_callbacks
):
    def file_then_fail():
        with transaction.atomic():
            make_pqr(actor=agent, team=team_a, customer=customer_with_email)
            raise RuntimeError("falla después de radicar")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        file_then_fail()
    assert callbacks == []
    assert not Pqr.objects.exists()
    assert not CustomerEmail.objects.exists()
    assert mail.outbox == []


def test_no_row_without_an_address_or_without_consent(agent, team_a):
    make_pqr(actor=agent, team=team_a, customer=None)
    make_pqr(actor=agent, team=team_a, customer=None, contact_email="sin.permiso@example.com")
    assert not CustomerEmail.objects.exists()


def test_anonymous_filer_who_consented_gets_the_acknowledgement(
    client, django_capture_on_commit_callbacks
):
    data = form_data(
        identification="anonymous",
        document_type="",
        document_number="",
        full_name="",
        contact_email="anonimo@example.com",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE_URL, data)
    relay()
    assert [m.to for m in mail.outbox] == [["anonimo@example.com"]]
    assert mail.outbox[0].body.startswith("Hola:")


def test_english_filer_gets_the_acknowledgement_in_english(
    client, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE_URL, form_data())
    relay()
    pqr = Pqr.objects.get()
    message = mail.outbox[0]
    assert message.subject == f"We received your request: reference {pqr.radicado}"
    assert "We have received your request" in message.body
    assert "Recibimos" not in message.body
    html = message.alternatives[0][0]
    assert '<html lang="en">' in html
    assert "Check the status of my request" in html


def test_spanish_filer_gets_the_acknowledgement_in_spanish(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE_URL, form_data())
    relay()
    message = mail.outbox[0]
    assert message.subject.startswith("Recibimos su solicitud: radicado PQR-")
    assert "Hola, Camila Restrepo Vélez:" in message.body


def test_public_answer_is_emailed_but_internal_note_is_not(
    agent, team_a, customer_with_email, django_capture_on_commit_callbacks
):
    pqr = make_pqr(actor=agent, team=team_a, customer=customer_with_email)
    with django_capture_on_commit_callbacks(execute=True):
        pqr_message_add(
            pqr=pqr, actor=agent, kind=MessageKind.INTERNAL_NOTE, body="Nota: cliente reincidente"
        )
        pqr_message_add(
            pqr=pqr,
            actor=agent,
            kind=MessageKind.PUBLIC_ANSWER,
            body="Le devolvimos $45.000 a su tarjeta.",
        )
    assert len(mail.outbox) == 1
    assert "Le devolvimos $45.000 a su tarjeta." in mail.outbox[0].body
    assert "reincidente" not in mail.outbox[0].body
    assert CustomerEmail.objects.filter(pqr=pqr, kind=CustomerEmailKind.ANSWER).count() == 1


def test_completion_request_tells_what_is_missing_and_can_repeat(
    agent, team_a, customer_with_email, django_capture_on_commit_callbacks
):
    pqr = make_pqr(actor=agent, team=team_a, customer=customer_with_email)
    with django_capture_on_commit_callbacks(execute=True):
        pqr_request_completion(pqr=pqr, actor=agent, missing="Copia de la factura de marzo")
    assert "Copia de la factura de marzo" in mail.outbox[-1].body
    assert "Necesitamos más información" in mail.outbox[-1].subject
    from pqr.services import pqr_transition

    with django_capture_on_commit_callbacks(execute=True):
        pqr_transition(pqr=pqr, to_status="en_tramite", actor=agent)
        pqr_request_completion(pqr=pqr, actor=agent, missing="Foto del medidor")
    assert "Foto del medidor" in mail.outbox[-1].body
    assert CustomerEmail.objects.filter(pqr=pqr, kind="completion_request").count() == 2


def test_transfer_notice_names_the_destination(
    agent, team_a, customer_with_email, django_capture_on_commit_callbacks
):
    pqr = make_pqr(actor=agent, team=team_a, customer=customer_with_email)
    with django_capture_on_commit_callbacks(execute=True):
        pqr_transfer(pqr=pqr, actor=agent, destination="Superintendencia de Servicios Públicos")
    assert "Superintendencia de Servicios Públicos" in mail.outbox[-1].body
    assert "fue trasladada" in mail.outbox[-1].subject


def test_extension_notice_goes_through_the_outbox(
    agent, customer_with_email, monkeypatch, django_capture_on_commit_callbacks
):
    from sla import services as sla_services

    received = datetime(2026, 3, 16, 10, tzinfo=BOGOTA)
    pqr = make_pqr(actor=agent, customer=customer_with_email, received_at=received)
    monkeypatch.setattr(sla_services.timezone, "now", lambda: received + timedelta(days=16))
    with django_capture_on_commit_callbacks(execute=True):
        sla_services.pqr_extension_grant(pqr=pqr, actor=agent, reason="Falta concepto técnico")
    row = CustomerEmail.objects.get(pqr=pqr, kind="extension")
    assert row.sent_at is not None
    assert "Falta concepto técnico" in mail.outbox[-1].body
    assert "30/04/2026" in mail.outbox[-1].body


def test_backoff_grows_exponentially_and_is_capped():
    waits = [emails.backoff_seconds(n) for n in range(1, 9)]
    assert waits[:4] == [30, 60, 120, 240]
    assert waits[-1] == BACKOFF_MAX_SECONDS


def test_html_email_carries_the_stylesheet_inline(
    agent, team_a, customer_with_email, django_capture_on_commit_callbacks
):
    """Templates hold classes only; the sent HTML has static/css/email.css copied into
    style attributes, which is what mail clients read."""
    with django_capture_on_commit_callbacks(execute=True):
        pqr = make_pqr(actor=agent, team=team_a, customer=customer_with_email)
        pqr_message_add(
            pqr=pqr, actor=agent, kind=MessageKind.PUBLIC_ANSWER, body="Le devolvimos el cobro."
        )
    answer = next(m for m in mail.outbox if "Le devolvimos el cobro." in m.body)
    html = answer.alternatives[0][0]
    assert '<body class="email-body" style="font-family: Arial, sans-serif;' in html
    assert "border-left: 4px solid #0d6efd" in html
    assert "background: #0d6efd;color: #fff" in html  # the lookup button
    assert "<style" not in html
