"""Rebuild the dashboard rollups from the PQR table with one INSERT ... SELECT each.

`daily_stats_rebuild` replaces the rows of a range of days; `open_snapshot_rebuild`
replaces the whole snapshot of open PQRs. Both run in one transaction, so readers see
either the old rows or the new ones.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from pqr.models import OPEN_STATUSES, Pqr
from sla.models import PqrClock
from sla.selectors import calendar_get

from .models import (
    DailyAgentStats,
    DailyCauseCounts,
    DailyDurationBuckets,
    DailyOutcomeMarginals,
    DailyPqrStats,
    DailyTeamStats,
    DueBand,
    OpenPqrSnapshot,
    RollupStatus,
)
from .open_counts import open_counts_rebuild
from .periods import DueWindows, age_boundaries, local_midnight
from .rollups_causes import cause_counts_rebuild, repeat_counts_rebuild
from .rollups_reports import report_outcomes_rebuild
from .sla_marginals import marginals_sql

DAILY_SQL = """
INSERT INTO {daily} (day, team_id, pqr_type_id, channel, assigned_to_id, received, resolved,
                     due_measured, within_due, legal_measured, within_legal)
SELECT day, team_id, pqr_type_id, channel, assigned_to_id, SUM(received), SUM(resolved),
       SUM(due_measured), SUM(within_due), SUM(legal_measured), SUM(within_legal)
FROM (
    SELECT (received_at AT TIME ZONE %(tz)s)::date AS day, team_id, pqr_type_id, channel,
           assigned_to_id, 1 AS received, 0 AS resolved, 0 AS due_measured, 0 AS within_due,
           0 AS legal_measured, 0 AS within_legal
    FROM {pqr} WHERE received_at >= %(lo)s AND received_at < %(hi)s
    UNION ALL
    SELECT (resolved_at AT TIME ZONE %(tz)s)::date, team_id, pqr_type_id, channel,
           assigned_to_id, 0, (resolution_business_hours IS NOT NULL)::int,
           (resolved_within_due IS NOT NULL)::int, COALESCE(resolved_within_due, false)::int,
           (resolved_within_legal IS NOT NULL)::int, COALESCE(resolved_within_legal, false)::int
    FROM {pqr} WHERE resolved_at >= %(lo)s AND resolved_at < %(hi)s
) AS facts
GROUP BY day, team_id, pqr_type_id, channel, assigned_to_id
ORDER BY day
"""

TEAM_SQL = """
INSERT INTO {team_daily} (day, team_id, pqr_type_id, channel, received, resolved,
                          due_measured, within_due, legal_measured, within_legal)
SELECT day, team_id, pqr_type_id, channel, SUM(received), SUM(resolved), SUM(due_measured),
       SUM(within_due), SUM(legal_measured), SUM(within_legal)
FROM {daily} WHERE day >= %(start)s AND day <= %(end)s
GROUP BY day, team_id, pqr_type_id, channel
ORDER BY day
"""

AGENT_SQL = """
INSERT INTO {agent_daily} (day, team_id, assigned_to_id, due_measured, within_due)
SELECT day, team_id, assigned_to_id, SUM(due_measured), SUM(within_due)
FROM {daily} WHERE day >= %(start)s AND day <= %(end)s
GROUP BY day, team_id, assigned_to_id
HAVING SUM(due_measured) > 0
"""

BUCKETS_SQL = """
INSERT INTO {buckets} (day, team_id, measure, bucket, count)
SELECT day, team_id, measure, bucket, COUNT(*)
FROM (
    SELECT (p.resolved_at AT TIME ZONE %(tz)s)::date AS day, p.team_id, m.measure,
           CASE WHEN m.h < 10 THEN trunc(m.h, 1) WHEN m.h < 100 THEN trunc(m.h)
                ELSE trunc(m.h, -1) END AS bucket
    FROM {pqr} p
    CROSS JOIN LATERAL (VALUES ('first_response', p.first_response_business_hours),
                               ('resolution', p.resolution_business_hours)) AS m (measure, h)
    WHERE p.resolved_at >= %(lo)s AND p.resolved_at < %(hi)s AND m.h IS NOT NULL
) AS facts
GROUP BY GROUPING SETS ((day, measure, bucket), (day, team_id, measure, bucket))
"""

SNAPSHOT_SQL = """
INSERT INTO {snapshot} (taken_at, team_id, pqr_type_id, channel, assigned_to_id, status,
                        due_band, age_band, legal_overdue, silence_flag, count)
SELECT %(now)s, p.team_id, p.pqr_type_id, p.channel, p.assigned_to_id, p.status,
       CASE WHEN p.term_suspended THEN %(band_paused)s
            WHEN p.due_at IS NULL THEN %(band_none)s
            WHEN p.due_at < %(now)s THEN %(band_overdue)s
            WHEN p.due_at < %(tomorrow)s THEN %(band_today)s
            WHEN p.due_at < %(after_next3)s THEN %(band_next3)s
            ELSE %(band_later)s END AS due_band,
       CASE WHEN f.filed >= %(age5)s THEN 0 WHEN f.filed >= %(age10)s THEN 1
            WHEN f.filed >= %(age15)s THEN 2 ELSE 3 END AS age_band,
       COALESCE(NOT p.term_suspended AND p.legal_due_at < %(now)s, false) AS legal_overdue,
       COALESCE(c.silence_flag, 'none') AS silence_flag,
       COUNT(*)
FROM {pqr} p
LEFT JOIN {clock} c ON c.pqr_id = p.id
CROSS JOIN LATERAL (
    SELECT COALESCE(p.filed_on, (p.received_at AT TIME ZONE %(tz)s)::date) AS filed
) f
WHERE p.status IN %(open)s{only}
GROUP BY 2, 3, 4, 5, 6, 7, 8, 9, 10
"""
# Restricts SNAPSHOT_SQL to some agents' PQRs (`open_snapshot_recompute`).
HOLDERS_SQL = (
    " AND (p.assigned_to_id = ANY(%(holders)s::bigint[])"
    " OR (%(unassigned)s AND p.assigned_to_id IS NULL))"
)


def _tables() -> dict[str, str]:
    return {
        "daily": DailyPqrStats._meta.db_table,
        "team_daily": DailyTeamStats._meta.db_table,
        "agent_daily": DailyAgentStats._meta.db_table,
        "marginals": DailyOutcomeMarginals._meta.db_table,
        "buckets": DailyDurationBuckets._meta.db_table,
        "causes": DailyCauseCounts._meta.db_table,
        "snapshot": OpenPqrSnapshot._meta.db_table,
        "pqr": Pqr._meta.db_table,
        "clock": PqrClock._meta.db_table,
    }


@transaction.atomic
def daily_stats_rebuild(*, start: date, end: date, now: datetime | None = None) -> int:
    """Replace the rows of days start..end (inclusive, Bogotá dates); returns rows written.
    The causes rows hold the facts before `now` (default: this instant)."""
    DailyPqrStats.objects.filter(day__gte=start, day__lte=end).delete()
    DailyTeamStats.objects.filter(day__gte=start, day__lte=end).delete()
    DailyAgentStats.objects.filter(day__gte=start, day__lte=end).delete()
    DailyOutcomeMarginals.objects.filter(day__gte=start, day__lte=end).delete()
    DailyDurationBuckets.objects.filter(day__gte=start, day__lte=end).delete()
    DailyCauseCounts.objects.filter(day__gte=start, day__lte=end).delete()
    params = {
        "tz": str(timezone.get_current_timezone()),
        "lo": local_midnight(start),
        "hi": local_midnight(end + timedelta(days=1)),
        "start": start,
        "end": end,
    }
    tables = _tables()
    with connection.cursor() as cursor:
        cursor.execute(DAILY_SQL.format(**tables), params)
        written = cursor.rowcount
        cursor.execute(TEAM_SQL.format(**tables), params)
        cursor.execute(AGENT_SQL.format(**tables), params)
        cursor.execute(marginals_sql(tables), params)
        cursor.execute(BUCKETS_SQL.format(**tables), params)
        cause_counts_rebuild(cursor, start=start, end=end, now=now)
        if (end - start).days > 31:
            # A bulk rebuild changes the tables' statistics a lot; plan with fresh ones.
            cursor.execute(
                f"ANALYZE {tables['daily']}, {tables['team_daily']}, {tables['buckets']}, "
                f"{tables['causes']}, {tables['agent_daily']}, {tables['marginals']}"
            )
    return written


def _snapshot_params(now: datetime | None) -> dict:
    cal = calendar_get()
    windows = DueWindows.build(cal, now=now)
    age5, age10, age15 = age_boundaries(cal, timezone.localdate(windows.now))
    return {
        "now": windows.now,
        "tomorrow": windows.tomorrow,
        "after_next3": windows.after_next3,
        "age5": age5,
        "age10": age10,
        "age15": age15,
        "tz": str(timezone.get_current_timezone()),
        "open": tuple(str(s) for s in OPEN_STATUSES),
        **{f"band_{band.value}": band.value for band in DueBand},
    }


@transaction.atomic
def open_snapshot_rebuild(*, now: datetime | None = None) -> int:
    """Replace the snapshot of open PQRs as they stand at `now`; returns rows written."""
    params = _snapshot_params(now)
    OpenPqrSnapshot.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(SNAPSHOT_SQL.format(only="", **_tables()), params)
        written = cursor.rowcount
    open_counts_rebuild()
    return written


@transaction.atomic
def open_snapshot_recompute(holders: set[int | None]) -> int:
    """Rewrite, from the PQR table, the snapshot rows of these agents (None: the
    unassigned PQRs), at the snapshot's own instant so its bands stay comparable.
    Run in the transaction of a reassignment: the workload page shows it at once.
    Every row holding one of the moved PQRs belongs to its old or its new holder."""
    taken_at = OpenPqrSnapshot.objects.values_list("taken_at", flat=True).first()
    if taken_at is None:
        return 0  # no snapshot yet: the next page view builds the whole of it
    ids = [pk for pk in holders if pk is not None]
    unassigned = None in holders
    rows = OpenPqrSnapshot.objects.filter(assigned_to_id__in=ids)
    if unassigned:
        rows = rows | OpenPqrSnapshot.objects.filter(assigned_to__isnull=True)
    teams = set(rows.values_list("team_id", flat=True))
    rows.delete()
    params = {**_snapshot_params(taken_at), "holders": ids, "unassigned": unassigned}
    with connection.cursor() as cursor:
        cursor.execute(SNAPSHOT_SQL.format(only=HOLDERS_SQL, **_tables()), params)
        written = cursor.rowcount
    # The SLA page's sums of the teams whose rows moved (before or after).
    moved = OpenPqrSnapshot.objects.filter(assigned_to_id__in=ids)
    if unassigned:
        moved = moved | OpenPqrSnapshot.objects.filter(assigned_to__isnull=True)
    open_counts_rebuild(teams | set(moved.values_list("team_id", flat=True)))
    return written


HISTORY_DAYS = 800
# Past this age the figures are still shown (with their time), and a page asks Celery
# for a refresh at most once per REQUEST_AGAIN: beat normally refreshes every 5 minutes.
STALE_AFTER = timedelta(minutes=10)
REQUEST_AGAIN = timedelta(minutes=10)


def rollups_refresh(*, days_back: int = 2, now: datetime | None = None) -> dict[str, int]:
    """The last `days_back` days plus today, and the snapshot; records when."""
    # One instant for the reports' rollup and `refreshed_at`: pages count the PQRs
    # received after it live (dashboards.rollups_reports).
    refreshed_at = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        written = {
            "daily": daily_stats_rebuild(
                start=today - timedelta(days=days_back), end=today, now=refreshed_at
            ),
            "snapshot": open_snapshot_rebuild(now=now),
        }
        with connection.cursor() as cursor:
            repeat_counts_rebuild(cursor, day=today, now=refreshed_at)
            written["reports"] = report_outcomes_rebuild(
                cursor, now=refreshed_at, tz=str(timezone.get_current_timezone())
            )
        defaults = {"refreshed_at": refreshed_at}
        if days_back >= HISTORY_DAYS:
            defaults["causes_history"] = True  # the causes page may read the rollup now
        RollupStatus.objects.update_or_create(pk=1, defaults=defaults)
    return written


@transaction.atomic
def daily_stats_rebuild_history() -> int:
    """The nightly rebuild of every day of the history (the causes rollup included)."""
    today = timezone.localdate()
    written = daily_stats_rebuild(start=today - timedelta(days=HISTORY_DAYS), end=today)
    RollupStatus.objects.update_or_create(pk=1, defaults={"causes_history": True})
    return written


def rollups_built() -> bool:
    """True once the whole history was computed (a status row, or daily rows written
    before the status row existed)."""
    return (
        RollupStatus.objects.filter(refreshed_at__isnull=False).exists()
        or DailyPqrStats.objects.exists()
    )


def rollups_refresh_due() -> dict[str, int]:
    """What the Celery task runs: the whole history on a fresh install (or after a page
    found no rollups, or before the causes rollup first holds the history), else the
    last two days and the snapshot."""
    history = RollupStatus.objects.filter(causes_history=True).exists()
    return rollups_refresh(days_back=2 if history and rollups_built() else HISTORY_DAYS)
