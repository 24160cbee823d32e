"""Status changes: `pqr_transition` is the only function that changes `Pqr.status`,
checking the TRANSITIONS map; the named actions (resolve, transfer, ...) wrap it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pqr.events import pqr_event_record
from pqr.models import (
    CompletionOutcome,
    EventKind,
    NotificationDecision,
    Pqr,
    ProtocolStepCode,
    RejectionCategory,
    Status,
)
from pqr.notification_status import answer_on_record
from pqr.notify import Delivery, decision_notify
from sla import services as sla_services
from surveys import services as survey_services

from .base import lock, save
from .completion_rules import (
    arrival_validate,
    completion_close,
    completion_open,
    completion_pending,
    tacit_refusal,
)
from .protocol import protocol_missing_steps
from .recursos import decision_recursos

S = Status
# Allowed moves; anything else is refused. Reading order: from -> {to, ...}.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RADICADO: frozenset(
        {
            S.ASIGNADO,
            S.EN_TRAMITE,
            S.EN_ESPERA_CLIENTE,
            S.TRASLADADO,
            S.RESUELTO,
            S.RECHAZADO,
            S.DESISTIDO,
        }
    ),
    S.ASIGNADO: frozenset(
        {S.EN_TRAMITE, S.EN_ESPERA_CLIENTE, S.TRASLADADO, S.RESUELTO, S.RECHAZADO, S.DESISTIDO}
    ),
    S.EN_TRAMITE: frozenset(
        {S.EN_ESPERA_CLIENTE, S.TRASLADADO, S.RESUELTO, S.RECHAZADO, S.DESISTIDO}
    ),
    # Waiting for the customer to complete the petition: the legal clock is stopped.
    S.EN_ESPERA_CLIENTE: frozenset({S.EN_TRAMITE, S.DESISTIDO}),
    S.TRASLADADO: frozenset({S.CERRADO, S.REABIERTO}),
    S.RESUELTO: frozenset({S.CERRADO, S.REABIERTO}),
    S.CERRADO: frozenset({S.REABIERTO}),
    S.DESISTIDO: frozenset(),  # the customer may file again: a new radicado
    S.RECHAZADO: frozenset({S.REABIERTO}),
    S.REABIERTO: frozenset(
        {S.ASIGNADO, S.EN_TRAMITE, S.EN_ESPERA_CLIENTE, S.TRASLADADO, S.RESUELTO, S.DESISTIDO}
    ),
}


def allowed_transitions(pqr: Pqr) -> frozenset[str]:
    return TRANSITIONS.get(pqr.status, frozenset())


def _check_target(pqr: Pqr, to_status: str, note: str, details: dict) -> None:
    if to_status == S.TRASLADADO and not (details.get("transfer_destination") or "").strip():
        raise ValidationError(_("Indique a qué entidad se traslada la PQR."))
    forwarded = details.get("transferred_on")
    if to_status == S.TRASLADADO and forwarded is not None:
        if forwarded > timezone.localdate():
            raise ValidationError(_("La fecha de envío del traslado no puede ser futura."))
        if forwarded < timezone.localtime(pqr.received_at).date():
            raise ValidationError(_("La fecha de envío del traslado es anterior a la PQR."))
    if to_status == S.RECHAZADO and not (details.get("rejection_reason") or "").strip():
        raise ValidationError(_("Indique el motivo del rechazo o archivo."))
    if to_status == S.EN_ESPERA_CLIENTE and not note.strip():
        raise ValidationError(_("Indique qué información le falta aportar al cliente."))
    if to_status == S.DESISTIDO:
        if not note.strip():
            raise ValidationError(
                _("El desistimiento es una decisión motivada: escriba sus razones.")
            )
        if details.get("desist_kind") == "tacito":
            refusal = tacit_refusal(pqr)
            if refusal:
                raise ValidationError(refusal)
    if to_status == S.REABIERTO and not note.strip():
        raise ValidationError(_("Explique por qué se reabre la PQR."))
    if to_status == S.RESUELTO:
        missing = protocol_missing_steps(pqr)
        if missing:
            names = ", ".join(str(ProtocolStepCode(step).label) for step in missing)
            raise ValidationError(
                _(
                    "No se puede resolver: faltan pasos del protocolo de quejas y reclamos "
                    "(regístrelos o márquelos como no aplica con justificación): %(steps)s."
                )
                % {"steps": names}
            )
        if pqr.pqr_type.requires_protocol and details.get("root_cause") is None:
            raise ValidationError(_("Seleccione la causa raíz antes de resolver."))
        if not details.get("answer_follows") and not answer_on_record(pqr):
            raise ValidationError(answer_required_message(pqr), code="answer_required")


def answer_required_message(pqr: Pqr) -> str:
    if pqr.pqr_type.acknowledgement_suffices:
        return _(
            "No se puede cerrar sin un acuse al cliente: escriba un agradecimiento corto en "
            "«Responder al cliente» y use «Responder y resolver»."
        )
    return _(
        "No se puede resolver sin una respuesta de fondo que le haya llegado al cliente. "
        "Escríbala en «Responder al cliente» y use «Responder y resolver», o registre allí "
        "la respuesta que ya le dio por otro canal (en persona, por teléfono o por correo "
        "postal) con su fecha."
    )


def _owner_on_resolution(pqr: Pqr, actor, fields: list[str]) -> None:
    """Whoever resolves an unassigned PQR becomes its owner (it counts as their work)."""
    if pqr.assigned_to_id is not None or actor is None or not actor.is_authenticated:
        return
    pqr.assigned_to = actor
    fields.append("assigned_to")
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.ASSIGNED,
        field="assigned_to",
        new_value=actor.get_full_name() or str(actor),
    )


def set_field(pqr: Pqr, name: str, value, actor, fields: list[str]) -> None:
    """Change one field and record a FIELD event with the old and new values."""
    old = getattr(pqr, name)
    if old == value:
        return
    setattr(pqr, name, value)
    fields.append(name)
    pqr_event_record(
        pqr=pqr, actor=actor, kind=EventKind.FIELD, field=name, old_value=old, new_value=value
    )


@transaction.atomic
def pqr_transition(*, pqr: Pqr, to_status: str, actor, note: str = "", **details) -> Pqr:
    """Move `pqr` to `to_status` if TRANSITIONS allows it; refuse otherwise, changing nothing.

    details: transfer_destination, transferred_on, rejection_reason, root_cause,
    desist_kind ("tacito"/"expreso"), arrived_on and source (leaving "waiting for the
    customer"), answer_follows (checked by the caller: see
    `pqr_resolve_precheck`).
    """
    lock(pqr)
    old_status = pqr.status
    if to_status not in allowed_transitions(pqr):
        raise ValidationError(
            _("No se puede pasar una PQR de «%(old)s» a «%(new)s».")
            % {"old": Status(old_status).label, "new": Status(to_status).label}
        )
    _check_target(pqr, to_status, note, details)
    now = timezone.now()
    pqr.status = to_status
    fields = ["status"]
    if to_status == S.RESUELTO:
        pqr.resolved_at = now
        fields.append("resolved_at")
        _owner_on_resolution(pqr, actor, fields)
        if details.get("root_cause") is not None:
            set_field(pqr, "root_cause", details["root_cause"], actor, fields)
    if to_status in (S.CERRADO, S.DESISTIDO, S.RECHAZADO, S.TRASLADADO):
        pqr.closed_at = now
        fields.append("closed_at")
    if to_status == S.TRASLADADO:
        on = details.get("transferred_on") or timezone.localdate()
        set_field(
            pqr, "transfer_destination", details["transfer_destination"].strip(), actor, fields
        )
        set_field(pqr, "transferred_on", on, actor, fields)
    if to_status == S.RECHAZADO:
        set_field(pqr, "rejection_reason", details["rejection_reason"].strip(), actor, fields)
    resume_on = None
    if old_status == S.EN_ESPERA_CLIENTE:
        resume_on = _leave_waiting(pqr, to_status, actor, details, fields)
    if to_status == S.EN_ESPERA_CLIENTE:
        completion_open(pqr, actor=actor, missing=note, now=now, fields=fields)
    if to_status == S.REABIERTO:
        pqr.resolved_at = pqr.closed_at = None
        fields += ["resolved_at", "closed_at"]
    save(pqr, fields)
    desist = details.get("desist_kind", "")
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.STATUS,
        field="status",
        old_value=old_status,
        new_value=to_status,
        note=f"[{desist}] {note}".strip() if desist else note,
    )
    sla_services.pqr_clock_status_changed(
        pqr=pqr, old_status=old_status, new_status=to_status, actor=actor, resume_on=resume_on
    )
    return pqr


def _leave_waiting(pqr: Pqr, to_status: str, actor, details: dict, fields: list[str]):
    """Close the pending completion request; back in handling means the information
    arrived (on `arrived_on`, default today): the term runs again from the next day."""
    if to_status == S.EN_TRAMITE:
        arrived_on = arrival_validate(completion_pending(pqr), details.get("arrived_on"))
        completion_close(
            pqr,
            outcome=CompletionOutcome.ARRIVED,
            fields=fields,
            actor=actor,
            arrived_on=arrived_on,
            source=details.get("source") or "agent",
        )
        return arrived_on
    kind = details.get("desist_kind")
    outcome = {"tacito": CompletionOutcome.TACIT, "expreso": CompletionOutcome.EXPRESS}.get(
        kind, CompletionOutcome.CLOSED
    )
    completion_close(pqr, outcome=outcome, fields=fields)
    return None


def pqr_resolve_precheck(*, pqr: Pqr, root_cause=None) -> None:
    """Refuse now what resolving would refuse, except the answer that is about to be
    written ("Responder y resolver" checks before it renders and stores the letter)."""
    lock(pqr)
    if S.RESUELTO not in allowed_transitions(pqr):
        raise ValidationError(
            _("No se puede pasar una PQR de «%(old)s» a «%(new)s».")
            % {"old": Status(pqr.status).label, "new": Status.RESUELTO.label}
        )
    _check_target(pqr, S.RESUELTO, "", {"root_cause": root_cause, "answer_follows": True})


@transaction.atomic
def pqr_resolve(*, pqr: Pqr, actor, root_cause=None, note: str = "") -> Pqr:
    """Resolve a PQR whose answer is on record; the survey invitation follows (it is
    sent once the answer went out)."""
    pqr_transition(pqr=pqr, to_status=S.RESUELTO, actor=actor, note=note, root_cause=root_cause)
    survey_services.survey_invite_after_resolution(pqr=pqr)
    return pqr


@transaction.atomic
def pqr_close(*, pqr: Pqr, actor, note: str = "") -> Pqr:
    return pqr_transition(pqr=pqr, to_status=S.CERRADO, actor=actor, note=note)


@transaction.atomic
def pqr_reopen(*, pqr: Pqr, actor, reason: str) -> Pqr:
    return pqr_transition(pqr=pqr, to_status=S.REABIERTO, actor=actor, note=reason)


@transaction.atomic
# Each named decision below changes the status first (its own checks come first) and
# then writes the notification record; a missing channel rolls the change back.
def pqr_transfer(
    *,
    pqr: Pqr,
    actor,
    destination: str,
    transferred_on: date | None = None,
    note: str = "",
    delivery: Delivery | None = None,
) -> Pqr:
    """Send to the competent entity (Ley 1755 art. 21); the customer is told."""
    pqr_transition(
        pqr=pqr,
        to_status=S.TRASLADADO,
        actor=actor,
        note=note,
        transfer_destination=destination,
        transferred_on=transferred_on,
    )
    decision_notify(pqr=pqr, decision=NotificationDecision.TRANSFER, actor=actor, delivery=delivery)
    return pqr


CORRECTION_DAYS = 10


@transaction.atomic
def pqr_reject(
    *,
    pqr: Pqr,
    actor,
    reason: str,
    delivery: Delivery | None = None,
    category: str = RejectionCategory.OTRA,
    earlier: Pqr | None = None,
) -> Pqr:
    """Art. 19: irrespetuosa is rejected; oscura is returned for correction within 10
    business days (then it stays archived; a correction in time reopens it);
    reiterativa points to the earlier PQR and its answer. Each is notified."""
    if category not in RejectionCategory.values:
        raise ValidationError(_("Elija la categoría del rechazo."))
    fields = ["rejection_category"]
    pqr.rejection_category = category
    if category == RejectionCategory.REITERATIVA:
        if earlier is None or earlier.pk == pqr.pk:
            raise ValidationError(_("Indique la PQR anterior que esta reitera."))
        if not answer_on_record(earlier):
            raise ValidationError(
                _("La PQR %(r)s no tiene una respuesta que le haya llegado al ciudadano.")
                % {"r": earlier.radicado}
            )
        pqr.repeats = earlier
        fields.append("repeats")
        reason = f"{reason.strip()} ({earlier.radicado})" if reason.strip() else earlier.radicado
    if category == RejectionCategory.OSCURA:
        pqr.correction_due_on = sla_services.business_days_after(
            day=timezone.localdate(), days=CORRECTION_DAYS
        )
        fields.append("correction_due_on")
    pqr_transition(pqr=pqr, to_status=S.RECHAZADO, actor=actor, rejection_reason=reason)
    save(pqr, fields)
    decision_notify(
        pqr=pqr,
        decision=NotificationDecision.REJECTION,
        actor=actor,
        delivery=delivery,
        recursos=decision_recursos(pqr=pqr, decision=NotificationDecision.REJECTION),
    )
    return pqr


@transaction.atomic
def pqr_correction_received(*, pqr: Pqr, actor, note: str, received_on: date | None = None) -> Pqr:
    """Art. 19: an unclear (oscura) petition corrected or clarified by the customer
    within the 10 business days is handled again (reopened, the clock resumes); after
    that day it stays archived and the customer files a new one."""
    lock(pqr)
    if pqr.status != S.RECHAZADO or pqr.rejection_category != RejectionCategory.OSCURA:
        raise ValidationError(_("Solo una petición devuelta por oscura espera corrección."))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Resuma la corrección o aclaración del ciudadano."))
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError(_("La fecha de la corrección no puede ser futura."))
    if received_on > pqr.correction_due_on:
        raise ValidationError(
            _(
                "El plazo para corregir venció el %(day)s: la petición queda archivada y el "
                "ciudadano puede presentar una nueva."
            )
            % {"day": pqr.correction_due_on.isoformat()}
        )
    return pqr_transition(
        pqr=pqr,
        to_status=S.REABIERTO,
        actor=actor,
        note=_("Corrección recibida el %(day)s (art. 19): %(note)s")
        % {"day": received_on.isoformat(), "note": note},
    )
