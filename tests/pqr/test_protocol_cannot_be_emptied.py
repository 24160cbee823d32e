"""The six-step protocol cannot be emptied: steps 1, 2 and 6 always apply, "no aplica"
needs a justification of substance, and every reclamo type follows it."""

import pytest
from django.core.exceptions import ValidationError

from pqr.models import PqrType, ProtocolStepCode, RootCause, Status
from pqr.services import protocol_missing_steps, protocol_step_not_applicable, protocol_step_record
from tests.answers import resolve_answered

from .factories import make_pqr

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("step", [1, 2, 6])
def test_apologise_listen_and_align_can_never_be_not_applicable(reclamo, agent, step):
    with pytest.raises(ValidationError, match="siempre aplica"):
        protocol_step_not_applicable(
            pqr=reclamo,
            step=step,
            actor=agent,
            justification="El cliente no quiso hablar con nosotros en ningún momento",
        )
    assert step in protocol_missing_steps(reclamo)


@pytest.mark.parametrize(
    "text", ["n/a", "No aplica", "no  aplica  .", "NA NA NA", "no aplica aquí"]
)
def test_not_applicable_needs_a_justification_of_substance(reclamo, agent, text):
    with pytest.raises(ValidationError, match="no bastan"):
        protocol_step_not_applicable(pqr=reclamo, step=4, actor=agent, justification=text)


def test_a_real_justification_is_accepted_for_steps_three_to_five(reclamo, agent):
    for step in (3, 4, 5):
        protocol_step_not_applicable(
            pqr=reclamo,
            step=step,
            actor=agent,
            justification="El cobro era correcto; no hubo perjuicio que compensar",
        )
    assert protocol_missing_steps(reclamo) == [1, 2, 6]


@pytest.mark.parametrize("code", ["queja", "reclamo", "garantia", "habeas_data_reclamo"])
def test_every_reclamo_type_needs_the_protocol_and_a_root_cause(agent, team_a, code):
    assert PqrType.objects.get(code=code).requires_protocol
    pqr = make_pqr(actor=agent, team=team_a, type_code=code)
    with pytest.raises(ValidationError, match="faltan pasos del protocolo"):
        resolve_answered(pqr, agent)
    for step in ProtocolStepCode.values:
        protocol_step_record(
            pqr=pqr, step=step, actor=agent, note="Hecho", compensation_kind="none"
        )
    with pytest.raises(ValidationError, match="causa raíz"):
        resolve_answered(pqr, agent)
    resolve_answered(pqr, agent, root_cause=RootCause.objects.first())
    pqr.refresh_from_db()
    assert pqr.status == Status.RESUELTO
