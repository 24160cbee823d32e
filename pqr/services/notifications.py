"""What an agent does with a notification after the decision: record that a letter
was delivered (or came back), add the signed receipt, notify again by another
channel after a failure; and the aviso's publication dates.

The records themselves are written by `pqr.notify.decision_notify` (in the deciding
transaction); failures by `pqr.notification_status.notification_mark_failed`.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pqr.attachments import validate_attachment
from pqr.models import CustomerNotification, NotificationStatus
from pqr.notification_status import answer_out, notification_mark_failed, status_event
from pqr.notify import Delivery, decision_notify
from sla.selectors import calendar_get

NOTICE_BUSINESS_DAYS = 5


def notice_dates(*, today: date | None = None) -> tuple[date, date]:
    """An aviso is published today and stays up for the 5 business days that follow
    (the day of publication does not count, as with every term)."""
    today = today or timezone.localdate()
    return today, calendar_get().add_business_days(today, NOTICE_BUSINESS_DAYS)


def notice_delivery(*, text: str, evidence=None) -> Delivery:
    start, until = notice_dates()
    return Delivery(
        channel="notice", notice_text=text, notice_from=start, notice_until=until, evidence=evidence
    )


def _locked(notification: CustomerNotification) -> CustomerNotification:
    return (
        CustomerNotification.objects.select_for_update(of=("self",))
        .select_related("pqr")
        .get(pk=notification.pk)
    )


@transaction.atomic
def notification_mark_delivered(
    *, notification: CustomerNotification, actor, on: date | None = None, evidence=None
) -> CustomerNotification:
    """The letter or email reached the customer (a signed receipt, a carrier's proof)."""
    row = _locked(notification)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(_("La fecha de entrega no puede estar en el futuro."))
    if row.status == NotificationStatus.DELIVERED:
        raise ValidationError(_("Esta notificación ya figura como entregada."))
    row.status = NotificationStatus.DELIVERED
    row.delivered_at = timezone.now()
    row.notified_on = on
    fields = ["status", "delivered_at", "notified_on"]
    if evidence:
        fields += _evidence_set(row, evidence)
    row.save(update_fields=fields)
    status_event(row, actor=actor, note=on.isoformat())
    answer_out(row)
    return row


def _evidence_set(row: CustomerNotification, evidence) -> list[str]:
    checked = validate_attachment(evidence)
    evidence.seek(0)
    row.evidence_name = checked.filename[:255]
    row.evidence.save(checked.filename, evidence, save=False)
    return ["evidence", "evidence_name"]


@transaction.atomic
def notification_evidence_add(
    *, notification: CustomerNotification, actor, evidence
) -> CustomerNotification:
    """Attach the signature scan or postal receipt to a notification."""
    if not evidence:
        raise ValidationError(_("Elija el archivo del soporte."))
    row = _locked(notification)
    row.save(update_fields=_evidence_set(row, evidence))
    status_event(row, actor=actor, note=_("Soporte: %(name)s") % {"name": row.evidence_name})
    return row


@transaction.atomic
def notification_mark_returned(
    *, notification: CustomerNotification, actor, reason: str
) -> CustomerNotification:
    """The post came back (address unknown, refused): the notification failed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indique por qué no se pudo entregar."))
    notification_mark_failed(notification_id=notification.pk, reason=reason)
    return _locked(notification)


@transaction.atomic
def notification_renotify(
    *, notification: CustomerNotification, actor, delivery: Delivery
) -> CustomerNotification:
    """Notify the same decision again, by another channel (e.g. after a bounce)."""
    row = _locked(notification)
    if row.status != NotificationStatus.FAILED:
        raise ValidationError(_("Solo se vuelve a notificar una notificación fallida."))
    again = decision_notify(
        pqr=row.pqr,
        decision=row.decision,
        actor=actor,
        delivery=delivery,
        message=row.message,
        recursos=row.recursos,
    )
    if again is None:
        raise ValidationError(_("Elija un canal de notificación válido."))
    return again
