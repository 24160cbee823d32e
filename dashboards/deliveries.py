"""Deliveries of the scheduled reports: beat writes one row per (subscription, period),
a task sends it, failures are retried with backoff and the last one is shown to the
subscriber (docs/decisions.md, "Scheduled reports").

Exactly once: the row is inserted with ON CONFLICT DO NOTHING on the unique
(subscription, period_start), so two beat runs write it once; the send holds the row's
lock (SELECT ... FOR UPDATE) from the status check to the "sent" stamp, so a second
worker waits and then finds it sent. The one gap left is a crash after the mail server
accepted the message and before the commit: the retry carries the same Message-ID.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.jobs import enqueue_on_commit, publish
from core.mail import backoff_seconds, smtp_error_is_permanent, stable_message_id

from .models import DeliveryStatus, ReportDelivery, ReportSubscription
from .report_files import report_attachments
from .subscriptions import ScopeLost, delivery_filters, due_period, subscription_scope

SEND_TASK = "dashboards.tasks.scheduled_report_send"
# Attempts before a delivery is shown as failed: the waits double from 30 s up to an
# hour (core.mail.backoff_seconds), about three hours of SMTP trouble in all.
MAX_ATTEMPTS = 10
# A queued delivery not sent by then was lost on the way (worker died): queue it again.
REQUEUE_AFTER = timedelta(minutes=10)


def deliveries_plan(*, now: datetime | None = None) -> int:
    """Write the rows of every active subscription's due period; how many are new."""
    now = now or timezone.now()
    rows = []
    for subscription in ReportSubscription.objects.filter(is_active=True):
        period = due_period(subscription, now)
        if period is not None:
            rows.append(
                ReportDelivery(
                    subscription=subscription, period_start=period[0], period_end=period[1]
                )
            )
    with transaction.atomic():
        before = ReportDelivery.objects.count()
        ReportDelivery.objects.bulk_create(rows, ignore_conflicts=True)
        return ReportDelivery.objects.count() - before


def deliveries_queue_due(*, now: datetime | None = None) -> int:
    """Queue the pending rows that are due (new, due a retry, or lost on the way). Each
    is stamped first, so the next beat run does not queue it again."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            ReportDelivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING)
            .exclude(next_attempt_at__gt=now)
            .order_by("pk")
            .values_list("pk", flat=True)[:200]
        )
        ReportDelivery.objects.filter(pk__in=ids).update(next_attempt_at=now + REQUEUE_AFTER)
    return sum(publish(SEND_TASK, pk) for pk in ids)


def _message(delivery: ReportDelivery, files: list[tuple[str, bytes, str]]) -> EmailMessage:
    subscription = delivery.subscription
    context = {
        "delivery": delivery,
        "subscription": subscription,
        "site_url": settings.SITE_URL,
    }
    subject = _("%(report)s del %(start)s al %(end)s") % {
        "report": subscription.get_report_display(),
        "start": delivery.period_start.isoformat(),
        "end": delivery.period_end.isoformat(),
    }
    body = render_to_string("dashboards/email/scheduled_report.txt", context)
    message = EmailMessage(subject, body, to=[subscription.owner.email])
    message.extra_headers["Message-ID"] = stable_message_id("report", delivery.pk)
    for name, content, mimetype in files:
        message.attach(name, content, mimetype)
    return message


def delivery_send(*, delivery_id: int, now: datetime | None = None) -> bool:
    """Render and send one delivery; False when there is nothing to send (already sent,
    failed, withheld). SMTP errors propagate: the task records them (delivery_failed)."""
    now = now or timezone.now()
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        delivery = (
            ReportDelivery.objects.select_for_update(of=("self",))
            .select_related("subscription__owner", "subscription__team")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return False
        subscription = delivery.subscription
        try:
            team = subscription_scope(subscription)
        except ScopeLost as exc:
            _finish(delivery, DeliveryStatus.WITHHELD, str(exc), now)
            return False
        if not subscription.owner.email:
            _finish(delivery, DeliveryStatus.FAILED, _("Su cuenta no tiene correo."), now)
            return False
        filters = delivery_filters(
            subscription=subscription,
            team=team,
            start=delivery.period_start,
            end=delivery.period_end,
        )
        files = report_attachments(subscription=subscription, filters=filters)
        # Sent while the row is locked: a second worker waits here, then sees "sent".
        _message(delivery, files).send()
        delivery.status = DeliveryStatus.SENT
        delivery.attempts += 1
        delivery.sent_at = delivery.finished_at = now
        delivery.last_error = ""
        delivery.next_attempt_at = None
        delivery.save(
            update_fields=[
                "status",
                "attempts",
                "sent_at",
                "finished_at",
                "last_error",
                "next_attempt_at",
            ]
        )
        return True


def _finish(delivery: ReportDelivery, status: str, error: str, now: datetime) -> None:
    delivery.status = status
    delivery.last_error = error[:1000]
    delivery.finished_at = now
    delivery.next_attempt_at = None
    delivery.save(
        update_fields=["status", "attempts", "last_error", "finished_at", "next_attempt_at"]
    )


def delivery_failed(*, delivery_id: int, error: BaseException, now: datetime | None = None) -> None:
    """Record a failed attempt and when to try again; after MAX_ATTEMPTS, or a permanent
    refusal (5xx), the delivery is failed and the subscriber sees the error."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = ReportDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return
        delivery.attempts += 1
        reason = f"{type(error).__name__}: {error}"[:1000]
        if delivery.attempts >= MAX_ATTEMPTS or smtp_error_is_permanent(error):
            _finish(delivery, DeliveryStatus.FAILED, reason, now)
            return
        delivery.last_error = reason
        delivery.next_attempt_at = now + timedelta(seconds=backoff_seconds(delivery.attempts))
        delivery.save(update_fields=["attempts", "last_error", "next_attempt_at"])


def delivery_retry(*, owner, pk: int) -> ReportDelivery:
    """The subscriber's "reintentar": a failed or withheld delivery of theirs goes back
    to pending and is queued after commit."""
    with transaction.atomic():
        delivery = (
            ReportDelivery.objects.select_for_update()
            .filter(pk=pk, subscription__owner=owner)
            .first()
        )
        if delivery is None:
            raise ValidationError(_("Ese envío no existe o no es suyo."))
        if delivery.status not in (DeliveryStatus.FAILED, DeliveryStatus.WITHHELD):
            raise ValidationError(_("Ese envío no falló: no hay nada que reintentar."))
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.last_error = ""
        delivery.finished_at = None
        delivery.next_attempt_at = timezone.now() + REQUEUE_AFTER
        delivery.save(
            update_fields=["status", "attempts", "last_error", "finished_at", "next_attempt_at"]
        )
        enqueue_on_commit(SEND_TASK, delivery.pk)
    return delivery
