"""The bell's list: a user's own notifications, filtered by kind, team and PQR, and
marking them read. Every query starts from `user=`: nobody reads or marks another
person's notifications."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils import timezone

from sla.models import Notification


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


def notifications_for(*, user, filters: InboxFilters) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user).select_related("alert__pqr__team")
    return _filtered(qs, filters)


def notifications_mark_read(
    *, user, filters: InboxFilters, notification_id: int | None = None
) -> int:
    """Mark the user's unread notifications read: one of them, or every one the
    current filters show. Returns how many changed."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    qs = qs.filter(pk=notification_id) if notification_id is not None else _filtered(qs, filters)
    return qs.update(read_at=timezone.now())
