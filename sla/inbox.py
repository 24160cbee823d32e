"""The bell's list: a user's own notifications, filtered by kind, team and PQR, and
marking them read. Every query starts from `user=`: nobody reads or marks another
person's notifications; and only of PQRs the user may see now (pqr.visibility's rule:
an agent moved off a team no longer hears of its PQRs through old notifications)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.roles import Role, has_role
from pqr.models import Pqr, Team
from sla.models import DigestPreference, Notification


@dataclass(frozen=True)
class InboxFilters:
    kind: str = ""
    team_id: int | None = None
    radicado: str = ""
    unread_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.kind or self.team_id or self.radicado or self.unread_only)

    def querystring(self) -> str:
        params = {
            "kind": self.kind,
            "team": self.team_id or "",
            "radicado": self.radicado,
            "unread": "1" if self.unread_only else "",
        }
        return urlencode({key: value for key, value in params.items() if value})


def _filtered(qs: QuerySet[Notification], filters: InboxFilters) -> QuerySet[Notification]:
    if filters.kind:
        qs = qs.filter(alert__kind=filters.kind)
    if filters.team_id:
        qs = qs.filter(alert__pqr__team_id=filters.team_id)
    if filters.radicado:
        qs = qs.filter(alert__pqr__radicado__icontains=filters.radicado)
    if filters.unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def _visible(qs: QuerySet[Notification], user) -> QuerySet[Notification]:
    """pqr.visibility.pqr_visible_to as a filter on the notifications' PQRs, written
    with a subquery so the page spends no query on the user's teams."""
    if has_role(user, Role.SUPERVISOR):
        return qs
    teams = Team.members.through.objects.filter(user_id=user.pk).values("team_id")
    return qs.filter(Q(alert__pqr__team_id__in=teams) | Q(alert__pqr__assigned_to_id=user.pk))


def notifications_for(*, user, filters: InboxFilters) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user).select_related(
        "alert__pqr__team", "user__sla_digest"
    )
    return _filtered(_visible(qs, user), filters)


@dataclass(frozen=True)
class FailingAlertEmails:
    count: int
    last_error: str


def failing_alert_emails(*, user, kinds) -> FailingAlertEmails | None:
    """The alerts this person asked to get by email (`kinds`) that the mail server has
    refused so far: their email is still being retried. One query; None when none."""
    if not kinds:
        return None
    failing = (
        Notification.objects.filter(
            user=user, emailed=False, alert__kind__in=list(kinds), alert__sent_at__isnull=True
        )
        .exclude(alert__last_error="")
        .order_by("-alert__created_at")
        .values_list("alert__last_error", flat=True)
    )
    errors = list(failing[:100])
    return FailingAlertEmails(len(errors), errors[0]) if errors else None


# The badge counts no further (it then reads "99+"): it is on every page, and the
# scope's join costs two index lookups per unread row, so the count stops early.
BADGE_CAP = 100


def unread_count(*, user) -> int:
    """The bell's badge: the unread notifications the list shows, up to BADGE_CAP."""
    qs = _visible(Notification.objects.filter(user=user, read_at__isnull=True), user)
    return qs.order_by()[:BADGE_CAP].count()


def inbox_teams(*, user) -> QuerySet[Team]:
    """The team filter's choices: every active team for supervisors; an agent's own
    teams and those of the PQRs assigned to them."""
    qs = Team.objects.filter(is_active=True).order_by("name")
    if has_role(user, Role.SUPERVISOR):
        return qs
    assigned = Pqr.objects.filter(assigned_to_id=user.pk).values("team_id")
    return qs.filter(Q(members=user.pk) | Q(pk__in=assigned)).distinct()


def preference_row_of(rows: list[Notification], user) -> DigestPreference | None:
    """The user's preference row, read with the page's notifications when it has any."""
    if rows:
        return getattr(rows[0].user, "sla_digest", None)
    return DigestPreference.objects.filter(user=user).first()


def notifications_mark_read(
    *, user, filters: InboxFilters, notification_id: int | None = None
) -> int:
    """Mark the user's unread notifications read: one of them, or every one the
    current filters show. Returns how many changed."""
    qs = _visible(Notification.objects.filter(user=user, read_at__isnull=True), user)
    qs = qs.filter(pk=notification_id) if notification_id is not None else _filtered(qs, filters)
    return qs.update(read_at=timezone.now())
