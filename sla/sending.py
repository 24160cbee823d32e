"""Delivery of one alert: email + in-app notification. The row lock makes two workers
send it once; a crash between the mail server's accept and our commit sends it again
(at least once), with the same Message-ID."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import stable_message_id
from core.roles import Role
from pqr.models import EventKind, PqrEvent
from sla.models import Alert, AlertKind, Notification
from sla.preferences import emailed_one_by_one

# Alerts a supervisor must see even when the PQR's team has none of its own.
SUPERVISOR_KINDS = {
    AlertKind.SILENCE,
    AlertKind.ANGER,
    AlertKind.NOTIFICATION_FAILED,
    AlertKind.COMPLETION_EXPIRED,
    AlertKind.LIFE_AT_RISK,
    AlertKind.RECURSO_SILENCE,
}


# Events that mean a person worked on the PQR (answered, noted, moved its status,
# a protocol step, an attachment): they keep hearing of it. Filing or dispatching it
# (created, assigned, a field edit) does not make a follower.
WORKED_ON_KINDS = (
    EventKind.MESSAGE,
    EventKind.NOTE,
    EventKind.STATUS,
    EventKind.PROTOCOL,
    EventKind.ATTACHMENT,
)


# A customer who writes on a PQR nobody has yet is heard by the team's agents, but
# only while the message is news: a backlog delivered late (SMTP or the broker were
# down) is not pushed onto the whole team, and an account created after the customer
# wrote (a newcomer) never inherits it.
TEAM_FANOUT_MAX_AGE = timedelta(hours=24)


def _team_on_duty(alert: Alert) -> dict:
    if timezone.now() - alert.created_at > TEAM_FANOUT_MAX_AGE:
        return {}
    members = alert.pqr.team.members.filter(is_active=True, date_joined__lte=alert.created_at)
    return {user.pk: user for user in members}


def alert_recipients(alert: Alert) -> list:
    """Who hears of an alert: the PQR's assignee, the people who worked on it and its
    team's supervisors (every supervisor for the kinds that must reach one when the
    team has none). The team's agents only hear of a fresh customer message on a PQR
    nobody has (`_team_on_duty`): an agent who joins a team does not inherit the
    alerts of PQRs they never touched."""
    pqr = alert.pqr
    users = {}
    if pqr.assigned_to_id and pqr.assigned_to.is_active:
        users[pqr.assigned_to_id] = pqr.assigned_to
    worked_on = (
        PqrEvent.objects.filter(pqr_id=pqr.pk, kind__in=WORKED_ON_KINDS, actor__is_active=True)
        .values_list("actor_id", flat=True)
        .distinct()
    )
    for user in get_user_model().objects.filter(pk__in=worked_on, groups__isnull=False).distinct():
        users.setdefault(user.pk, user)
    if not pqr.assigned_to_id and alert.kind == AlertKind.CUSTOMER_MESSAGE and pqr.team_id:
        users.update(_team_on_duty(alert))
    supervisors = list(pqr.team.supervisors.filter(is_active=True)) if pqr.team_id else []
    if not supervisors and alert.kind in SUPERVISOR_KINDS:
        supervisors = list(
            get_user_model().objects.filter(is_active=True, groups__name=Role.SUPERVISOR)
        )
    for user in supervisors:
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
        # The bell does not wait for the mail server: its notifications are written now
        # (not emailed), and the notifications page says the email is failing.
        failed = Alert.objects.filter(pk=alert_id, sent_at__isnull=True).update(
            attempts=models.F("attempts") + 1, last_error=str(exc)[:2000]
        )
        if failed:
            _notify_in_app(alert_id)
        raise
    return True


def _notify_in_app(alert_id: int) -> None:
    alert = Alert.objects.select_related("pqr__assigned_to", "pqr__team").get(pk=alert_id)
    Notification.objects.bulk_create(
        [Notification(user=u, alert=alert) for u in alert_recipients(alert)],
        ignore_conflicts=True,
    )


def _send(alert: Alert) -> None:
    """In-app notification for every recipient; an email now only for those who asked
    for one email per alert of this kind (sla.preferences). The others' notification
    stays `emailed=False` and goes in their daily digest, if they have it on."""
    recipients = alert_recipients(alert)
    one_by_one = emailed_one_by_one(user_ids=[u.pk for u in recipients], kind=alert.kind)
    emailed = [u for u in recipients if u.email and u.pk in one_by_one]
    Notification.objects.bulk_create(
        [Notification(user=u, alert=alert, emailed=u in emailed) for u in recipients],
        ignore_conflicts=True,
    )
    if emailed:
        if alert.attempts > 1:  # an earlier try wrote them for the bell only
            Notification.objects.filter(alert=alert, user__in=emailed).update(emailed=True)
        pqr = alert.pqr
        subject = f"[{pqr.radicado}] {alert.get_kind_display()}"
        body = _("%(radicado)s: %(kind)s. %(detail)s") % {
            "radicado": pqr.radicado,
            "kind": alert.get_kind_display(),
            "detail": alert.detail,
        }
        message = EmailMessage(
            subject,
            body.strip(),
            to=[u.email for u in emailed],
            headers={"Message-ID": stable_message_id("alert", alert.pk)},
        )
        message.send()
