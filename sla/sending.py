"""Idempotent delivery of one alert: email + in-app notification, exactly once."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone

from sla.models import BREACH_KINDS, Alert, DigestPreference, Notification


def alert_recipients(alert: Alert) -> list:
    pqr = alert.pqr
    users = {}
    if pqr.assigned_to_id and pqr.assigned_to.is_active:
        users[pqr.assigned_to_id] = pqr.assigned_to
    if pqr.team_id:
        for user in pqr.team.supervisors.filter(is_active=True):
            users[user.pk] = user
    return list(users.values())


def alert_deliver(*, alert_id: int) -> bool:
    """Claim the unsent alert (row lock, skip if another worker holds it), send,
    mark sent, all in one transaction: a crash before commit leaves it unsent
    for the redelivered task or the next sweep."""
    try:
        with transaction.atomic():
            alert = (
                Alert.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("pqr__assigned_to", "pqr__team")
                .filter(pk=alert_id, sent_at__isnull=True)
                .first()
            )
            if alert is None:
                return False
            alert.attempts += 1
            alert.claimed_at = timezone.now()
            _send(alert)
            alert.sent_at = timezone.now()
            alert.save(update_fields=["attempts", "claimed_at", "sent_at"])
    except Exception as exc:
        # The claim rolled back; record the failure, then Celery retries with backoff.
        Alert.objects.filter(pk=alert_id, sent_at__isnull=True).update(
            attempts=models.F("attempts") + 1, last_error=str(exc)[:2000]
        )
        raise
    return True


def _send(alert: Alert) -> None:
    recipients = alert_recipients(alert)
    digest_ids = set(
        DigestPreference.objects.filter(user__in=recipients, daily_digest=True).values_list(
            "user_id", flat=True
        )
    )
    Notification.objects.bulk_create(
        [Notification(user=u, alert=alert) for u in recipients], ignore_conflicts=True
    )
    emails = [
        u.email
        for u in recipients
        if u.email and not (u.pk in digest_ids and alert.kind in BREACH_KINDS)
    ]
    if emails:
        pqr = alert.pqr
        subject = f"[{pqr.radicado}] {alert.get_kind_display()}"
        body = f"{pqr.radicado}: {alert.get_kind_display()}. {alert.detail}"
        send_mail(subject, body, None, emails)
