"""Prórroga on a suspended PQR (Ley 1755 arts. 14 and 17): the form shows the date the
term would really end (the stored one plus the extension, shifted by the business days
already suspended), the customer is told the days added and, when the term runs again,
the resulting date.

Calendar (Colombia 2026): 23 March, 2-3 April, 1 May and 18 May are holidays. Filed
Monday 16 March (due Thursday 9 April) and asked to complete on Wednesday 18 March:
13 business days were left. Without the suspension the full prórroga (15 days) would
end on Thursday 30 April; with the information arriving on Tuesday 14 April the 28
days run from Wednesday 15 April and end on Tuesday 26 May.
"""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from pqr.services import pqr_completion_received, pqr_request_completion
from sla.calendar import BOGOTA
from sla.models import PqrClock
from sla.services import pqr_extension_grant
from tests.customers.factories import CustomerFactory
from tests.pqr.factories import make_pqr

from .conftest import at

pytestmark = pytest.mark.django_db


def day(dt):
    return dt.astimezone(BOGOTA).date()


@pytest.fixture
def suspended(agent, team_a, travel):
    travel(at(2026, 3, 16, 9))
    customer = CustomerFactory(email="rosa@example.com", document_number="41222333")
    pqr = make_pqr(actor=agent, team=team_a, customer=customer, received_at=at(2026, 3, 16, 9))
    travel(at(2026, 3, 18, 10))
    pqr_request_completion(pqr=pqr, actor=agent, missing="Copia de la factura")
    pqr.refresh_from_db()
    assert pqr.term_suspended
    return pqr


def _form_text(agent_client, pqr) -> str:
    page = agent_client.get(f"/pqr/{pqr.pk}/").content.decode()
    start = page.index('data-testid="extension-latest"')
    return page[start : page.index("</p>", start)].lower(), page


def test_form_on_a_suspended_pqr_shows_the_real_resulting_date(suspended, agent_client, travel):
    travel(at(2026, 4, 14, 10))
    text, page = _form_text(agent_client, suspended)
    assert "26 de mayo de 2026" in text
    assert "30 de abril" not in text
    assert "en pausa" in text
    assert 'max="2026-05-26"' in page
    # One more business day in pause: the date moves one business day.
    travel(at(2026, 4, 15, 10))
    text, page = _form_text(agent_client, suspended)
    assert "27 de mayo de 2026" in text
    assert 'max="2026-05-27"' in page


def test_customer_is_told_the_days_and_then_the_date_when_the_term_resumes(
    suspended, agent, travel, django_capture_on_commit_callbacks
):
    travel(at(2026, 4, 14, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_extension_grant(pqr=suspended, actor=agent, reason="Peritaje técnico")
    sent = mail.outbox[-1]
    assert "Ampliamos el término en 15 días hábiles" in sent.body
    assert "se fijará cuando la recibamos" in sent.body
    assert "30/04/2026" not in sent.body
    assert "30/04/2026" not in sent.alternatives[0][0]
    travel(at(2026, 4, 14, 16))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_completion_received(
            pqr=suspended, arrived_on=date(2026, 4, 14), actor=agent, source="agent"
        )
    suspended.refresh_from_db()
    assert day(suspended.legal_due_at) == date(2026, 5, 26)
    resumed = mail.outbox[-1]
    assert resumed.subject.startswith("Recibimos su información")
    assert "Recibimos el 14/04/2026 la información" in resumed.body
    assert "con la prórroga que le comunicamos: 26/05/2026" in resumed.body
    assert "26/05/2026" in resumed.alternatives[0][0]


def test_extension_on_a_running_term_still_states_its_date(
    agent, team_a, travel, django_capture_on_commit_callbacks
):
    travel(at(2026, 3, 16, 9))
    customer = CustomerFactory(email="rosa@example.com", document_number="41222333")
    pqr = make_pqr(actor=agent, team=team_a, customer=customer, received_at=at(2026, 3, 16, 9))
    travel(at(2026, 4, 9, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_extension_grant(pqr=pqr, actor=agent, reason="Peritaje técnico")
    assert "Nueva fecha máxima de respuesta: 30/04/2026" in mail.outbox[-1].body


def test_shorter_date_on_a_suspended_pqr_is_read_as_the_real_date(suspended, agent, travel):
    travel(at(2026, 4, 14, 10))
    with pytest.raises(ValidationError, match="no puede pasar del 2026-05-26"):
        pqr_extension_grant(pqr=suspended, actor=agent, reason="Peritaje", until=date(2026, 5, 27))
    # If the term ran again today it would end on Monday 4 May; 19 May is 10 days later.
    pqr_extension_grant(pqr=suspended, actor=agent, reason="Peritaje", until=date(2026, 5, 19))
    assert PqrClock.objects.get(pqr=suspended).extension_days == 10
    pqr_completion_received(
        pqr=suspended, arrived_on=date(2026, 4, 14), actor=agent, source="agent"
    )
    suspended.refresh_from_db()
    assert day(suspended.legal_due_at) == date(2026, 5, 19)
