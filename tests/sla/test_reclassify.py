"""Reclassification of type through `pqr_reclassify`, with a reason."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pqr.models import EventKind, PqrEvent, PqrType, ProtocolStepCode, RootCause, Status
from pqr.services import pqr_reclassify, protocol_step_record
from tests.answers import resolve_answered
from tests.pqr.factories import make_pqr

from .conftest import at

pytestmark = pytest.mark.django_db


def day(dt):
    return dt.astimezone(at(2026, 1, 1).tzinfo).date()


def _type(code):
    return PqrType.objects.get(code=code)


def test_reclassify_recomputes_the_terms_and_records_the_moved_date(agent, travel):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(received_at=at(2026, 3, 16, 9), actor=agent)
    assert day(pqr.legal_due_at) == date(2026, 4, 9)
    travel(at(2026, 3, 18, 10))
    pqr_reclassify(
        pqr=pqr, actor=agent, pqr_type=_type("consulta"), reason="Pide un concepto, no un trámite"
    )
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 30)  # 30 business days
    typed = PqrEvent.objects.get(pqr=pqr, kind=EventKind.FIELD, field="pqr_type")
    assert typed.note == "Pide un concepto, no un trámite"
    moved = PqrEvent.objects.get(pqr=pqr, kind=EventKind.FIELD, field="legal_due_at")
    assert "2026-04-09" in moved.old_value
    assert "2026-04-30" in moved.new_value


def test_reclassify_needs_a_reason(agent, travel):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(actor=agent, received_at=at(2026, 3, 16, 9))
    with pytest.raises(ValidationError, match="por qué se reclasifica"):
        pqr_reclassify(pqr=pqr, actor=agent, pqr_type=_type("reclamo"), reason="  ")


def test_reclassified_open_pqr_follows_the_new_types_protocol(agent, team_a, travel):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(actor=agent, team=team_a, received_at=at(2026, 3, 16, 9))
    pqr_reclassify(pqr=pqr, actor=agent, pqr_type=_type("reclamo"), reason="Es un reclamo")
    with pytest.raises(ValidationError, match="faltan pasos del protocolo"):
        resolve_answered(pqr, agent)


def test_resolved_pqr_cannot_be_retyped_into_rules_it_does_not_meet(agent, team_a, travel):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(actor=agent, team=team_a, received_at=at(2026, 3, 16, 9))
    resolve_answered(pqr, agent)
    with pytest.raises(ValidationError, match="exige los seis pasos"):
        pqr_reclassify(pqr=pqr, actor=agent, pqr_type=_type("reclamo"), reason="Era un reclamo")
    pqr.refresh_from_db()
    assert pqr.pqr_type.code == "peticion"


def test_resolved_reclamo_with_protocol_and_cause_can_become_a_queja(agent, team_a, travel):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(actor=agent, team=team_a, type_code="reclamo", received_at=at(2026, 3, 16, 9))
    for step in ProtocolStepCode.values:
        protocol_step_record(
            pqr=pqr, step=step, actor=agent, note="Hecho", compensation_kind="none"
        )
    resolve_answered(pqr, agent, root_cause=RootCause.objects.first())
    pqr_reclassify(pqr=pqr, actor=agent, pqr_type=_type("queja"), reason="Fue una queja")
    pqr.refresh_from_db()
    assert pqr.pqr_type.code == "queja"
    assert pqr.status == Status.RESUELTO


def test_agent_reclassifies_from_the_page(agent_client, agent, team_a, travel):
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(actor=agent, team=team_a, received_at=at(2026, 3, 16, 9))
    agent_client.post(
        f"/pqr/{pqr.pk}/reclasificar/",
        {"pqr_type": _type("consulta").pk, "reason": "Pide un concepto"},
    )
    pqr.refresh_from_db()
    assert pqr.pqr_type.code == "consulta"
    assert day(pqr.legal_due_at) == date(2026, 4, 30)


def test_reclassified_later_legal_date_is_told_to_the_customer(
    agent, travel, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.customers.factories import CustomerFactory

    travel(at(2026, 3, 16, 9))
    customer = CustomerFactory(email="marta@example.com", document_number="30111222")
    pqr = make_pqr(received_at=at(2026, 3, 16, 9), actor=agent, customer=customer)
    travel(at(2026, 3, 18, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_reclassify(pqr=pqr, actor=agent, pqr_type=_type("consulta"), reason="Pide un concepto")
    sent = mail.outbox[-1]
    assert sent.to == ["marta@example.com"]
    assert "Nueva fecha máxima de respuesta: 30/04/2026" in sent.body
    assert "ahora es «Consulta»" in sent.body


def test_reclassified_earlier_legal_date_sends_no_email(
    agent, travel, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.customers.factories import CustomerFactory

    travel(at(2026, 3, 16, 9))
    customer = CustomerFactory(email="marta@example.com", document_number="30111222")
    pqr = make_pqr(
        type_code="consulta", received_at=at(2026, 3, 16, 9), actor=agent, customer=customer
    )
    travel(at(2026, 3, 18, 10))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pqr_reclassify(pqr=pqr, actor=agent, pqr_type=_type("peticion"), reason="Es un trámite")
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 9)
    assert not any("fecha máxima" in m.subject.lower() for m in mail.outbox)
