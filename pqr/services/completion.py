"""Incomplete petitions (Ley 1755/2015 art. 17): the request, the customer's one
extension, the information arriving, and desistimiento (tacit or express).

`pqr_completion_received` is the one entry point for "the requested information
arrived", whatever the source (agent, status page, email reply, API); the rules
(arrival date not future, not before the request, term runs again the next day)
live behind it, in `completion_rules` and the SLA engine.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pqr.events import pqr_event_record
from pqr.models import (
    CompletionRequest,
    CustomerEmailKind,
    EventKind,
    NotificationDecision,
    Pqr,
    Status,
)
from pqr.notify import Delivery, decision_notify
from sla import services as sla_services

from .base import lock, queue_email
from .completion_rules import completion_pending
from .recursos import decision_recursos
from .status import pqr_transition

SOURCES = ("agent", "status_page", "email", "api")


@transaction.atomic
def pqr_request_completion(
    *, pqr: Pqr, actor, missing: str, delivery: Delivery | None = None
) -> CompletionRequest:
    """Ask the customer to complete an incomplete petition. Within 10 business days of
    filing the legal term is suspended; later the request is still sent but the term
    keeps running (the returned row says which: `suspends`)."""
    pqr_transition(pqr=pqr, to_status=Status.EN_ESPERA_CLIENTE, actor=actor, note=missing)
    request = completion_pending(pqr)
    if not request.suspends:
        pqr_event_record(
            pqr=pqr,
            actor=actor,
            kind=EventKind.NOTE,
            note=_(
                "Solicitud hecha después del décimo día hábil (%(day)s): no suspende el "
                "término legal, que sigue corriendo."
            )
            % {"day": request.window_ends_on.isoformat()},
        )
    decision_notify(
        pqr=pqr, decision=NotificationDecision.COMPLETION_REQUEST, actor=actor, delivery=delivery
    )
    return request


@transaction.atomic
def pqr_completion_extend(
    *, pqr: Pqr, actor, note: str, until: date | None = None
) -> CompletionRequest:
    """The customer asked for more time: once, before their deadline, up to one more
    month (`until` may be earlier). The customer is emailed the new date, which the
    status page also shows."""
    lock(pqr)
    request = completion_pending(pqr)
    if request is None:
        raise ValidationError(_("Esta PQR no está esperando información del ciudadano."))
    if request.extended_at is not None:
        raise ValidationError(_("El ciudadano ya tuvo su única prórroga para completar."))
    if not (note or "").strip():
        raise ValidationError(_("Indique cómo pidió el ciudadano la prórroga."))
    if timezone.localdate() > request.customer_due_on:
        raise ValidationError(_("El plazo del ciudadano ya venció: no se puede prorrogar."))
    latest = sla_services.completion_extension_latest(customer_due_on=request.customer_due_on)
    until = until or latest
    if until <= request.customer_due_on or until > latest:
        raise ValidationError(
            _("La nueva fecha debe ser posterior al %(old)s y no pasar del %(max)s.")
            % {"old": request.customer_due_on.isoformat(), "max": latest.isoformat()}
        )
    old = request.customer_due_on
    request.customer_due_on = until
    request.extended_at = timezone.now()
    request.extension_note = note.strip()
    request.save(update_fields=["customer_due_on", "extended_at", "extension_note"])
    pqr.completion_due_on = until
    pqr.save(update_fields=["completion_due_on", "updated_at"])
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.FIELD,
        field="completion_due_on",
        old_value=old,
        new_value=until,
        note=note.strip(),
    )
    sla_services.pqr_clock_thresholds_refresh(pqr=pqr)
    # Keyed on the event just written, so it never repeats the first request's email.
    queue_email(CustomerEmailKind.COMPLETION_REQUEST, pqr)
    return request


@transaction.atomic
def pqr_completion_received(*, pqr: Pqr, arrived_on: date | None, actor, source: str) -> Pqr:
    """Record that the requested information arrived on `arrived_on` (default today) and
    put the PQR back in handling; the legal term runs again from the next day."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    lock(pqr)
    if pqr.status != Status.EN_ESPERA_CLIENTE:
        raise ValidationError(_("Esta PQR no está esperando información del ciudadano."))
    day = arrived_on or timezone.localdate()
    note = _("Información recibida el %(day)s (%(source)s).") % {
        "day": day.isoformat(),
        "source": source,
    }
    return pqr_transition(
        pqr=pqr,
        to_status=Status.EN_TRAMITE,
        actor=actor,
        note=note,
        arrived_on=arrived_on,
        source=source,
    )


@transaction.atomic
def pqr_desist(
    *, pqr: Pqr, actor, tacit: bool, note: str = "", delivery: Delivery | None = None
) -> Pqr:
    """Desistimiento: a reasoned decision, notified to the customer. Tacit only after a
    completion request and the customer's deadline ran out; express (the customer
    withdrew) from any open status."""
    pqr_transition(
        pqr=pqr,
        to_status=Status.DESISTIDO,
        actor=actor,
        note=note,
        desist_kind="tacito" if tacit else "expreso",
    )
    decision = NotificationDecision.DESISTIMIENTO
    decision_notify(
        pqr=pqr,
        decision=decision,
        actor=actor,
        delivery=delivery,
        recursos=decision_recursos(pqr=pqr, decision=decision, tacit=tacit),
    )
    return pqr
