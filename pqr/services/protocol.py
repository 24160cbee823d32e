"""The six-step complaint protocol of quejas and reclamos: recording each step."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.money import format_cop
from pqr.events import pqr_event_record
from pqr.models import CompensationKind, EventKind, Pqr, ProtocolStep, ProtocolStepCode

from .base import lock

# Apologise, listen and align with the customer are owed to every complaint: never
# "not applicable". Any other step needs a justification of substance.
ALWAYS_APPLICABLE = (
    ProtocolStepCode.DISCULPARSE,
    ProtocolStepCode.ESCUCHAR,
    ProtocolStepCode.ALINEARSE,
)
MIN_JUSTIFICATION_CHARS = 15
MIN_JUSTIFICATION_WORDS = 3
COMPENSATION_NEEDS_AMOUNT = (
    CompensationKind.REFUND,
    CompensationKind.DISCOUNT,
    CompensationKind.CREDIT,
)


def protocol_missing_steps(pqr: Pqr) -> list[int]:
    """Protocol steps neither recorded nor justified as not applicable."""
    if not pqr.pqr_type.requires_protocol:
        return []
    done = set(ProtocolStep.objects.filter(pqr=pqr).values_list("step", flat=True))
    return [step for step in ProtocolStepCode.values if step not in done]


def _protocol_check(pqr: Pqr) -> None:
    if not pqr.pqr_type.requires_protocol:
        raise ValidationError(_("Este tipo de PQR no usa el protocolo de seis pasos."))
    if not pqr.is_open:
        raise ValidationError(_("La PQR no está abierta; reábrala para registrar pasos."))


def _protocol_save(pqr: Pqr, step: int, actor, values: dict, note: str) -> ProtocolStep:
    existing = ProtocolStep.objects.filter(pqr=pqr, step=step).first()
    row = existing or ProtocolStep(pqr=pqr, step=step)
    for name, value in values.items():
        setattr(row, name, value)
    row.recorded_by = actor
    row.save()
    label = ProtocolStepCode(step).label
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.PROTOCOL,
        field=f"step_{step}",
        old_value=_("registrado") if existing else "",
        new_value=label,
        note=note,
    )
    return row


@transaction.atomic
def protocol_step_record(
    *,
    pqr: Pqr,
    step: int,
    actor,
    note: str,
    compensation_kind: str = "",
    compensation_amount: Decimal | None = None,
    compensation_currency: str = "COP",
) -> ProtocolStep:
    lock(pqr)
    _protocol_check(pqr)
    step = ProtocolStepCode(int(step))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Describa qué se hizo en este paso."))
    values = {"note": note, "not_applicable": False, "justification": ""}
    if step == ProtocolStepCode.COMPENSAR:
        if not compensation_kind:
            raise ValidationError(_("Indique el tipo de compensación (o «Ninguna»)."))
        if compensation_kind in COMPENSATION_NEEDS_AMOUNT and not (
            compensation_amount and compensation_amount > 0
        ):
            raise ValidationError(_("Indique el valor de la compensación."))
        values |= {
            "compensation_kind": compensation_kind,
            "compensation_amount": compensation_amount,
            "compensation_currency": (compensation_currency or "COP").upper()[:3],
        }
        kind_label = CompensationKind(compensation_kind).label
        amount = f" {format_cop(compensation_amount)}" if compensation_amount else ""
        note = f"{note} ({kind_label}{amount})"
    return _protocol_save(pqr, step, actor, values, note)


@transaction.atomic
def protocol_step_not_applicable(*, pqr: Pqr, step: int, actor, justification: str) -> ProtocolStep:
    lock(pqr)
    _protocol_check(pqr)
    justification = " ".join((justification or "").split())
    if not justification:
        raise ValidationError(_("Para marcar un paso como no aplica debe justificarlo."))
    if int(step) in ALWAYS_APPLICABLE:
        raise ValidationError(
            _("El paso «%(step)s» siempre aplica: regístrelo, no se puede omitir.")
            % {"step": ProtocolStepCode(int(step)).label}
        )
    if (
        len(justification) < MIN_JUSTIFICATION_CHARS
        or len(justification.split()) < MIN_JUSTIFICATION_WORDS
    ):
        raise ValidationError(
            _(
                "Explique por qué no aplica este paso en este caso (al menos %(n)s caracteres "
                "y %(w)s palabras; «n/a» o «no aplica» no bastan)."
            )
            % {"n": MIN_JUSTIFICATION_CHARS, "w": MIN_JUSTIFICATION_WORDS}
        )
    values = {
        "note": "",
        "not_applicable": True,
        "justification": justification,
        "compensation_kind": "",
        "compensation_amount": None,
    }
    return _protocol_save(
        pqr, int(step), actor, values, _("No aplica: %(j)s") % {"j": justification}
    )


@dataclass(frozen=True)
class StepEntry:
    """One step of the checklist as the agent left it."""

    step: int
    not_applicable: bool
    note: str
    compensation_kind: str = ""
    compensation_amount: Decimal | None = None


@transaction.atomic
def protocol_checklist_save(*, pqr: Pqr, actor, entries: list[StepEntry]) -> list[ProtocolStep]:
    """Save several steps at once, all or none: a refused step leaves every step as it
    was, and the error names the step (ValidationError keyed by step number)."""
    saved, errors = [], {}
    for entry in entries:
        try:
            with transaction.atomic():
                saved.append(_checklist_entry_save(pqr, actor, entry))
        except ValidationError as exc:
            errors[str(entry.step)] = exc.messages
    if errors:
        raise ValidationError(errors)
    return saved


def _checklist_entry_save(pqr: Pqr, actor, entry: StepEntry) -> ProtocolStep:
    if entry.not_applicable:
        return protocol_step_not_applicable(
            pqr=pqr, step=entry.step, actor=actor, justification=entry.note
        )
    return protocol_step_record(
        pqr=pqr,
        step=entry.step,
        actor=actor,
        note=entry.note,
        compensation_kind=entry.compensation_kind,
        compensation_amount=entry.compensation_amount,
    )
