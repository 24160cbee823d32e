"""How old the rollup figures on a page are, and asking Celery for them: a page never
computes rollups itself (at 1M PQRs the full build takes half a minute)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from core.jobs import enqueue_on_commit

from .models import RollupStatus
from .rollups import REQUEST_AGAIN, STALE_AFTER

CLAIM_SQL = """
INSERT INTO {table} (id, requested_at) VALUES (1, %(now)s)
ON CONFLICT (id) DO UPDATE SET requested_at = EXCLUDED.requested_at
WHERE {table}.requested_at IS NULL OR {table}.requested_at < %(again)s
"""


@dataclass(frozen=True)
class RollupAge:
    computed_at: datetime | None  # None: never computed yet, the page shows a notice
    updating: bool  # a build or refresh is queued (by this visit or a recent one)

    @property
    def preparing(self) -> bool:
        return self.computed_at is None


def _claim_request(now: datetime) -> bool:
    """Record that a page asked for the rollups, unless one did in the last minutes;
    True when this call recorded it (two visits at once queue the task once)."""
    table = RollupStatus._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(CLAIM_SQL.format(table=table), {"now": now, "again": now - REQUEST_AGAIN})
        return cursor.rowcount == 1


def rollups_for_page(*, now: datetime | None = None) -> RollupAge:
    """One query when the figures are fresh. When they are missing or older than
    STALE_AFTER, also records the request and queues the Celery refresh after commit;
    beat's refresh builds them anyway if that message is lost."""
    now = now or timezone.now()
    row = RollupStatus.objects.filter(pk=1).values("refreshed_at", "requested_at").first() or {}
    computed = row.get("refreshed_at")
    if computed is not None and computed >= now - STALE_AFTER:
        return RollupAge(computed_at=computed, updating=False)
    requested = row.get("requested_at")
    recently_asked = requested is not None and requested >= now - REQUEST_AGAIN
    if not recently_asked and _claim_request(now):
        enqueue_on_commit("dashboards.tasks.rollups_refresh")
    return RollupAge(computed_at=computed, updating=True)
