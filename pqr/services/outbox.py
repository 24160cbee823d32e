"""Staff actions on a customer email that was given up (the failed-emails page):
try it again, or record that the customer was told by another channel."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import enqueue_on_commit
from pqr.events import pqr_event_record
from pqr.models import CustomerEmail, EventKind


def _locked_failed(email: CustomerEmail) -> CustomerEmail:
    row = CustomerEmail.objects.select_for_update().select_related("pqr").get(pk=email.pk)
    if row.sent_at is not None or row.failed_at is None or row.handled_at is not None:
        raise ValidationError(_("Este correo ya no está fallido."))
    return row


@transaction.atomic
def customer_email_retry(*, email: CustomerEmail, actor) -> CustomerEmail:
    """Send it again now, with a fresh retry window (the address may have been fixed,
    the relay may be back). Same row, same Message-ID."""
    row = _locked_failed(email)
    now = timezone.now()
    row.failed_at = None
    row.retry_since = now
    row.next_attempt_at = now
    row.save(update_fields=["failed_at", "retry_since", "next_attempt_at"])
    pqr_event_record(
        pqr=row.pqr,
        actor=actor,
        kind=EventKind.NOTIFICATION,
        field=row.kind,
        new_value=_("Correo reintentado"),
        note=row.last_error[:200],
    )
    enqueue_on_commit("pqr.tasks.send_customer_email", row.pk)
    return row


@transaction.atomic
def customer_email_other_channel(*, email: CustomerEmail, actor, note: str) -> CustomerEmail:
    """Close the failed email: the agent says how the customer was told instead. A
    decision's formal notification by another channel is recorded on the PQR page
    (notify again), which this page links to."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Escriba cómo se le comunicó al cliente (canal, fecha, quién)."))
    row = _locked_failed(email)
    row.handled_at = timezone.now()
    row.handled_by = actor
    row.handled_note = note[:2000]
    row.save(update_fields=["handled_at", "handled_by", "handled_note"])
    pqr_event_record(
        pqr=row.pqr,
        actor=actor,
        kind=EventKind.NOTIFICATION,
        field=row.kind,
        new_value=_("Comunicado por otro canal"),
        note=row.handled_note,
    )
    return row
