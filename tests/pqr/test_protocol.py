from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from pqr.models import CompensationKind, ProtocolStep, ProtocolStepCode, RootCause, Status
from pqr.services import (
    pqr_resolve,
    pqr_transition,
    protocol_step_not_applicable,
    protocol_step_record,
)
from tests.answers import resolve_answered


def _record(pqr, agent, step):
    extra = {}
    if step == ProtocolStepCode.COMPENSAR:
        extra = {
            "compensation_kind": CompensationKind.REFUND,
            "compensation_amount": Decimal("45000"),
        }
    protocol_step_record(pqr=pqr, step=step, actor=agent, note=f"Paso {step} hecho", **extra)


@pytest.fixture
def root_cause(db):
    return RootCause.objects.get(code="falla_proceso")


def test_reclamo_with_five_of_six_steps_cannot_be_resolved(reclamo, agent, root_cause):
    for step in ProtocolStepCode.values[:5]:
        _record(reclamo, agent, step)
    with pytest.raises(ValidationError, match="Alinearse con el cliente"):
        pqr_resolve(pqr=reclamo, actor=agent, root_cause=root_cause)
    reclamo.refresh_from_db()
    assert reclamo.status == Status.RADICADO
    assert reclamo.resolved_at is None


def test_reclamo_with_six_steps_and_root_cause_is_resolved(reclamo, agent, root_cause):
    for step in ProtocolStepCode.values:
        _record(reclamo, agent, step)
    resolve_answered(reclamo, agent, root_cause=root_cause, note="Se reembolsó el cobro")
    reclamo.refresh_from_db()
    assert reclamo.status == Status.RESUELTO
    assert reclamo.root_cause == root_cause
    assert reclamo.resolved_at is not None


def test_step_marked_not_applicable_with_justification_counts_for_the_gate(
    reclamo, agent, root_cause
):
    for step in ProtocolStepCode.values[:3] + ProtocolStepCode.values[4:]:
        _record(reclamo, agent, step)
    protocol_step_not_applicable(
        pqr=reclamo, step=4, actor=agent, justification="El cobro era correcto; no hay daño"
    )
    resolve_answered(reclamo, agent, root_cause=root_cause)
    reclamo.refresh_from_db()
    assert reclamo.status == Status.RESUELTO


def test_not_applicable_without_justification_is_refused(reclamo, agent):
    with pytest.raises(ValidationError, match="justificarlo"):
        protocol_step_not_applicable(pqr=reclamo, step=2, actor=agent, justification="  ")
    assert not ProtocolStep.objects.filter(pqr=reclamo).exists()


def test_database_refuses_not_applicable_without_justification(reclamo, agent):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ProtocolStep.objects.create(pqr=reclamo, step=1, not_applicable=True, recorded_by=agent)


def test_reclamo_needs_root_cause_to_resolve(reclamo, agent):
    for step in ProtocolStepCode.values:
        _record(reclamo, agent, step)
    with pytest.raises(ValidationError, match="causa raíz"):
        pqr_resolve(pqr=reclamo, actor=agent)


def test_queja_gate_also_applies_through_pqr_transition(team_a, agent, root_cause):
    from .factories import make_pqr

    queja = make_pqr(actor=agent, team=team_a, type_code="queja")
    with pytest.raises(ValidationError, match="faltan pasos"):
        pqr_transition(pqr=queja, to_status=Status.RESUELTO, actor=agent, root_cause=root_cause)


def test_peticion_resolves_without_protocol(peticion, agent):
    resolve_answered(peticion, agent)
    peticion.refresh_from_db()
    assert peticion.status == Status.RESUELTO


def test_compensation_records_kind_amount_and_currency(reclamo, agent):
    protocol_step_record(
        pqr=reclamo,
        step=4,
        actor=agent,
        note="Se ofrece descuento en la próxima factura",
        compensation_kind=CompensationKind.DISCOUNT,
        compensation_amount=Decimal("20000"),
        compensation_currency="cop",
    )
    step = ProtocolStep.objects.get(pqr=reclamo, step=4)
    assert (step.compensation_kind, step.compensation_amount, step.compensation_currency) == (
        "discount",
        Decimal("20000.00"),
        "COP",
    )


def test_refund_without_amount_is_refused(reclamo, agent):
    with pytest.raises(ValidationError, match="valor"):
        protocol_step_record(
            pqr=reclamo, step=4, actor=agent, note="Reembolso", compensation_kind="refund"
        )


def test_protocol_is_refused_for_types_without_it(peticion, agent):
    with pytest.raises(ValidationError, match="no usa el protocolo"):
        protocol_step_record(pqr=peticion, step=1, actor=agent, note="Disculpas")
