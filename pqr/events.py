"""Recording a PqrEvent: the low-level audit write every app uses.

It needs no service and no other app, so the SLA engine and surveys (which sit below
the PQR workflow services) can record events on a PQR too.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.domain_events import DomainEvent, announce
from core.rows import row_insert

from .models import EventKind, Pqr, PqrEvent, Status


def display_value(value) -> str:
    """How an old/new value reads in the history (local time, Sí/No, labels)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return _("Sí") if value else _("No")
    return str(value)


def pqr_event_record(
    *,
    pqr: Pqr,
    actor,
    kind: str,
    field: str = "",
    old_value="",
    new_value="",
    note: str = "",
) -> PqrEvent:
    event = PqrEvent(
        pqr=pqr,
        actor=actor,
        kind=kind,
        field=field,
        old_value=display_value(old_value),
        new_value=display_value(new_value),
        note=note or "",
    )
    row_insert(event)
    name = _announced_name(event)
    if name:
        announce([DomainEvent(name=name, key=f"event:{event.pk}", pqr_id=pqr.pk)])
    return event


def _announced_name(event: PqrEvent) -> str:
    """The business events other apps hear of (webhooks): filed, answered, resolved."""
    if event.kind == EventKind.CREATED:
        return "pqr.created"
    if event.kind == EventKind.MESSAGE:
        return "pqr.answered"
    if event.kind == EventKind.STATUS and event.new_value == Status.RESUELTO:
        return "pqr.resolved"
    return ""
