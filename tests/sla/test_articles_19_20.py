"""Ley 1755 art. 19 (rejection categories) and art. 20 (priority)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pqr.models import Pqr, Priority, Status
from pqr.services import pqr_correction_received, pqr_reject
from sla.models import Alert, AlertKind
from tests.answers import IN_PERSON, answer_in_person
from tests.pqr.factories import make_pqr
from tests.pqr.public_helpers import form_data

from .conftest import at

pytestmark = pytest.mark.django_db


def test_irrespetuosa_is_rejected_and_notified(agent, travel):
    travel(at(2026, 3, 16, 10))
    pqr = make_pqr(actor=agent)
    pqr_reject(pqr=pqr, actor=agent, reason="Insultos", category="irrespetuosa", delivery=IN_PERSON)
    pqr.refresh_from_db()
    assert (pqr.status, pqr.rejection_category) == (Status.RECHAZADO, "irrespetuosa")
    assert pqr.notifications.filter(decision="rejection").count() == 1


def test_oscura_is_returned_for_correction_within_ten_business_days(agent, travel):
    travel(at(2026, 3, 16, 10))
    pqr = make_pqr(actor=agent)
    travel(at(2026, 3, 18, 10))
    pqr_reject(
        pqr=pqr,
        actor=agent,
        reason="No se entiende qué pide",
        category="oscura",
        delivery=IN_PERSON,
    )
    pqr.refresh_from_db()
    # 19, 20, 24, 25, 26, 27, 30, 31 March, 1 and 6 April (23 March, 2-3 April holidays).
    assert pqr.correction_due_on == date(2026, 4, 6)
    assert pqr.notifications.filter(decision="rejection").exists()


def test_reiterativa_points_to_the_earlier_pqr_and_its_answer(agent, travel):
    travel(at(2026, 3, 16, 10))
    earlier = make_pqr(actor=agent)
    unanswered = make_pqr(actor=agent)
    again = make_pqr(actor=agent)
    with pytest.raises(ValidationError, match="PQR anterior"):
        pqr_reject(pqr=again, actor=agent, reason="", category="reiterativa", delivery=IN_PERSON)
    with pytest.raises(ValidationError, match="no tiene una respuesta"):
        pqr_reject(
            pqr=again,
            actor=agent,
            reason="",
            category="reiterativa",
            earlier=unanswered,
            delivery=IN_PERSON,
        )
    answer_in_person(earlier, agent)
    pqr_reject(
        pqr=again,
        actor=agent,
        reason="Ya respondida",
        category="reiterativa",
        earlier=earlier,
        delivery=IN_PERSON,
    )
    again.refresh_from_db()
    assert again.repeats == earlier
    assert earlier.radicado in again.rejection_reason
    assert again.notifications.filter(decision="rejection").count() == 1


def test_life_at_risk_raises_an_immediate_alert(agent, travel):
    travel(at(2026, 3, 16, 10))
    urgent = make_pqr(actor=agent, priority=Priority.RIESGO_VIDA)
    normal = make_pqr(actor=agent, priority=Priority.DERECHO_FUNDAMENTAL)
    assert Alert.objects.filter(pqr=urgent, kind=AlertKind.LIFE_AT_RISK).count() == 1
    assert not Alert.objects.filter(pqr=normal, kind=AlertKind.LIFE_AT_RISK).exists()


def test_priority_does_not_change_the_terms(agent, travel):
    travel(at(2026, 3, 16, 10))
    urgent = make_pqr(actor=agent, priority=Priority.PERIODISTA, received_at=at(2026, 3, 16, 9))
    assert urgent.legal_due_at.astimezone(at(2026, 1, 1).tzinfo).date() == date(2026, 4, 9)


def test_queue_orders_priority_first_by_default(agent, agent_client, team_a, travel):
    # Created in an order that no other sort gives: the normal one is due first
    # (9 April), the journalist's was filed last; by due date, by creation or by
    # newest first the page would read differently.
    travel(at(2026, 3, 16, 10))
    normal = make_pqr(actor=agent, team=team_a, received_at=at(2026, 3, 16, 9))
    travel(at(2026, 3, 20, 10))
    life = make_pqr(actor=agent, team=team_a, priority=Priority.RIESGO_VIDA)
    travel(at(2026, 3, 20, 11))
    journalist = make_pqr(actor=agent, team=team_a, priority=Priority.PERIODISTA)
    page = agent_client.get("/pqr/").content.decode()
    positions = [page.index(p.radicado) for p in (life, journalist, normal)]
    assert positions == sorted(positions)


def test_public_form_urgency_sets_the_priority(client, travel):
    travel(at(2026, 3, 16, 10))
    form = client.get("/pqr/radicar/").content.decode()
    for reason in (
        "Hay riesgo para la vida o la integridad de una persona",
        "Se trata de un derecho fundamental",
        "Es para evitar un perjuicio irremediable",
        "Soy periodista y la pido para mi trabajo",
    ):
        assert reason in form
    client.post(
        "/pqr/radicar/",
        form_data(subject="Medicamento urgente", urgency="riesgo_vida"),
    )
    pqr = Pqr.objects.get(subject="Medicamento urgente")
    assert pqr.priority == Priority.RIESGO_VIDA
    assert Alert.objects.filter(pqr=pqr, kind=AlertKind.LIFE_AT_RISK).exists()


def _oscura(travel, agent, **kw):
    travel(at(2026, 3, 16, 10))
    pqr = make_pqr(actor=agent, received_at=at(2026, 3, 16, 9), **kw)
    travel(at(2026, 3, 18, 10))
    pqr_reject(
        pqr=pqr,
        actor=agent,
        reason="No se entiende qué pide",
        category="oscura",
        delivery=IN_PERSON,
    )
    return pqr  # correction due Monday 6 April


def test_oscura_corrected_on_day_ten_goes_back_to_handling(agent, travel):
    pqr = _oscura(travel, agent)
    travel(at(2026, 4, 7, 9))  # recorded a day late, the correction came on 6 April
    pqr_correction_received(
        pqr=pqr, actor=agent, note="Aclaró que pide el paz y salvo", received_on=date(2026, 4, 6)
    )
    pqr.refresh_from_db()
    assert pqr.status == Status.REABIERTO
    assert "2026-04-06" in pqr.events.filter(new_value=Status.REABIERTO).last().note


def test_oscura_not_corrected_in_ten_days_stays_archived(agent, travel):
    pqr = _oscura(travel, agent)
    travel(at(2026, 4, 7, 9))
    with pytest.raises(ValidationError, match="venció el 2026-04-06"):
        pqr_correction_received(pqr=pqr, actor=agent, note="Aclaró tarde")
    with pytest.raises(ValidationError, match="futura"):
        pqr_correction_received(pqr=pqr, actor=agent, note="Aclaró", received_on=date(2026, 4, 8))
    pqr.refresh_from_db()
    assert pqr.status == Status.RECHAZADO


def test_correction_only_for_an_oscura_rejection(agent, travel):
    travel(at(2026, 3, 16, 10))
    pqr = make_pqr(actor=agent)
    pqr_reject(pqr=pqr, actor=agent, reason="Insultos", category="irrespetuosa", delivery=IN_PERSON)
    with pytest.raises(ValidationError, match="devuelta por oscura"):
        pqr_correction_received(pqr=pqr, actor=agent, note="Pidió disculpas")


def test_oscura_email_gives_the_correction_date_and_the_page_records_it(
    agent, agent_client, team_a, travel, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.customers.factories import CustomerFactory

    travel(at(2026, 3, 16, 10))
    customer = CustomerFactory(email="ana@example.com", document_number="39111222")
    pqr = make_pqr(actor=agent, team=team_a, customer=customer, received_at=at(2026, 3, 16, 9))
    travel(at(2026, 3, 18, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_reject(pqr=pqr, actor=agent, reason="No se entiende qué pide", category="oscura")
    body = mail.outbox[-1].body
    assert "corrija o aclare a más tardar el 6/04/2026" in body
    assert "quedará archivada" in body
    travel(at(2026, 4, 1, 10))
    page = agent_client.get(f"/pqr/{pqr.pk}/").content.decode()
    assert 'data-testid="correction"' in page
    assert "6 de abril de 2026" in page.lower()
    agent_client.post(
        f"/pqr/{pqr.pk}/correccion/", {"received_on": "2026-03-31", "note": "Aclaró el pedido"}
    )
    pqr.refresh_from_db()
    assert pqr.status == Status.REABIERTO
