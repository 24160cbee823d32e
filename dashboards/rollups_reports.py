"""The legal reports' figures from a rollup (`DailyReportOutcomes`) instead of a scan of
the period's PQRs (issue 18: at 1M PQRs a semester holds some 250,000 of them).

The figures count PQRs by day of receipt with how each stands now, so a PQR received
months ago changes them when it is answered: every refresh (Celery, every five minutes)
rewrites the whole table from one pass over the PQR table (about a second at 1M), for
the PQRs received before `refreshed_at - MARGIN`. A page adds the PQRs received since
then, counted live with the same SQL in the same query (a handful of rows by the
received_at index). MARGIN covers PQRs filed while the refresh ran: their receipt time
is set before they commit, so the rebuild's snapshot may not hold them yet.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone

from pqr.models import OPEN_STATUSES, Pqr, PqrType, RootCause, Status, Team

from .filters import DashboardFilters, semester_before
from .models import DailyReportOutcomes, RollupStatus

MARGIN = timedelta(minutes=1)
COUNTS = (
    "received",
    "on_time",
    "late",
    "days_sum",
    "days_count",
    "transferred",
    "desisted",
    "rejected",
    "pending",
    "denied",
    "late_listed",
)
# How one group of PQRs counts (the report's OUTCOME_SQL plus the sums behind the mean,
# the denials of the information report and the size of the late-cases list).
FACT_LIST = (
    "COUNT(*)",
    "COUNT(*) FILTER (WHERE resolved_within_legal)",
    "COUNT(*) FILTER (WHERE NOT resolved_within_legal)",
    "COALESCE(SUM(resolution_business_days), 0)",
    "COUNT(resolution_business_days)",
    "COUNT(*) FILTER (WHERE status = %(transferred)s)",
    "COUNT(*) FILTER (WHERE status = %(desisted)s)",
    "COUNT(*) FILTER (WHERE status = %(rejected)s)",
    "COUNT(*) FILTER (WHERE status = ANY(%(open)s))",
    "COUNT(*) FILTER (WHERE access_denied <> '')",
    "COUNT(*) FILTER (WHERE resolved_within_legal = false OR (status = ANY(%(open)s)"
    " AND NOT term_suspended AND legal_due_at < %(now)s))",
)
FACTS = ", ".join(FACT_LIST)
DIMENSION = """CASE WHEN GROUPING(pqr_type_id) = 0 THEN 'type'
     WHEN GROUPING(channel) = 0 THEN 'channel'
     WHEN GROUPING(root_cause_id) = 0 THEN 'cause' ELSE 'total' END"""
SETS = {
    "total": "({key}, team_id)",
    "type": "({key}, team_id, pqr_type_id)",
    "channel": "({key}, team_id, channel)",
    "cause": "({key}, team_id, root_cause_id)",
}

# Every refresh computes the whole table, but writes only the rows that changed (most
# past days do not): deleting and inserting all of them every five minutes left the
# table several times its size in dead rows between autovacuums, and the page's read
# visited them. One statement: its parts see the same snapshot of the table.
REBUILD_SQL = """
WITH new AS MATERIALIZED (
    SELECT day, team_id, {dimension} AS dimension, pqr_type_id, COALESCE(channel, '') AS channel,
           root_cause_id, {facts_named}
    FROM (SELECT p.*, (p.received_at AT TIME ZONE %(tz)s)::date AS day FROM {pqr} p
          WHERE p.received_at < %(boundary)s) AS facts
    GROUP BY GROUPING SETS ({sets})
), gone AS (
    DELETE FROM {table} WHERE id IN (
        SELECT o.id FROM {table} o LEFT JOIN new n ON {same} WHERE n.day IS NULL
    )
)
INSERT INTO {table} (day, team_id, dimension, pqr_type_id, channel, root_cause_id, {counts})
SELECT n.* FROM new n LEFT JOIN {table} o ON {same} WHERE o.id IS NULL
"""
SAME = " AND ".join(
    [
        "n.day = o.day",
        "n.team_id = o.team_id",
        "n.dimension = o.dimension",
        "COALESCE(n.pqr_type_id, 0) = COALESCE(o.pqr_type_id, 0)",
        "n.channel = o.channel",
        "COALESCE(n.root_cause_id, 0) = COALESCE(o.root_cause_id, 0)",
        *(f"n.{name} = o.{name}" for name in COUNTS),
    ]
)

# The rollup's days of the period (and, for the comparison, the totals of the period
# before), then the PQRs received since the rollup's boundary, live.
READ_SQL = """
WITH b AS (SELECT refreshed_at, COALESCE(refreshed_at - %(margin)s, '-infinity') AS boundary
           FROM (SELECT (SELECT refreshed_at FROM {status} WHERE id = 1) AS refreshed_at) s)
SELECT u.*, tm.name AS team_name, ty.name AS type_name, rc.name AS cause_name,
       (SELECT refreshed_at FROM b) AS refreshed_at
FROM (
    SELECT dimension, day >= %(start)s AS current, team_id, pqr_type_id, channel,
           root_cause_id, {sums}
    FROM {table}
    WHERE dimension = ANY(%(dims)s)
          AND ((day >= %(start)s AND day <= %(end)s)
               OR (day >= %(lo_day)s AND day <= %(before_end)s AND dimension = 'total')){scope}
    GROUP BY 1, 2, 3, 4, 5, 6
    UNION ALL
    SELECT {dimension}, current, team_id, pqr_type_id, COALESCE(channel, ''), root_cause_id,
           {facts}
    FROM (SELECT p.*, p.received_at >= %(start_at)s AS current FROM {pqr} p
          WHERE p.received_at >= GREATEST((SELECT boundary FROM b), %(lo_at)s)
            AND p.received_at < %(end_before)s
            AND (p.received_at >= %(start_at)s OR p.received_at < %(before_end_before)s)
            {scope}) AS facts
    GROUP BY GROUPING SETS ({sets})
) AS u
JOIN {team} tm ON tm.id = u.team_id
LEFT JOIN {type} ty ON ty.id = u.pqr_type_id
LEFT JOIN {cause} rc ON rc.id = u.root_cause_id
WHERE u.dimension = ANY(%(dims)s)
"""
TEAM_SCOPE = " AND team_id = ANY(%(teams)s)"
TYPE_SCOPE = " AND pqr_type_id IN (SELECT id FROM {type} WHERE code = ANY(%(codes)s){one})"


def _tables() -> dict[str, str]:
    return {
        "table": DailyReportOutcomes._meta.db_table,
        "pqr": Pqr._meta.db_table,
        "team": Team._meta.db_table,
        "type": PqrType._meta.db_table,
        "cause": RootCause._meta.db_table,
        "status": RollupStatus._meta.db_table,
    }


def _fact_params(now: datetime) -> dict:
    return {
        "transferred": Status.TRASLADADO.value,
        "desisted": Status.DESISTIDO.value,
        "rejected": Status.RECHAZADO.value,
        "open": [str(s) for s in OPEN_STATUSES],
        "now": now,
    }


def report_outcomes_rebuild(cursor, *, now: datetime, tz: str) -> int:
    """Bring the rollup to the PQRs as they stand at `now` (the refresh's instant);
    returns the rows written (those that changed)."""
    tables = _tables()
    named = ", ".join(f"{fact} AS {name}" for fact, name in zip(FACT_LIST, COUNTS, strict=True))
    sql = REBUILD_SQL.format(
        counts=", ".join(COUNTS),
        dimension=DIMENSION,
        facts_named=named,
        sets=", ".join(SETS.values()).format(key="day"),
        same=SAME,
        **tables,
    )
    cursor.execute(sql, {**_fact_params(now), "tz": tz, "boundary": now - MARGIN})
    written = cursor.rowcount
    if written:
        cursor.execute(f"ANALYZE {tables['table']}")
    return written


def rollup_usable(filters: DashboardFilters, *, by_type: bool = False) -> bool:
    """The rollup keeps team and one of type / channel / cause: a channel filter, a type
    filter (but on the information report, whose figures are per type) or an agent's
    own scope count the period live."""
    return not filters.agent_only and not filters.channel and (by_type or not filters.pqr_type)


def _at(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _read(filters: DashboardFilters, *, dims, before=None, codes=None) -> list[dict]:
    """Summed figures per (dimension, current period?, team, type, channel, cause): the
    rollup's up to its boundary, live after it (all live before the first refresh)."""
    before_start, before_end = before or (filters.start, filters.start - timedelta(days=1))
    lo = min(before_start, filters.start)
    tables = _tables()
    scope = ""
    teams = [filters.team.pk] if filters.team is not None else None
    if filters.team_ids is not None:
        teams = [t for t in filters.team_ids if teams is None or t in teams]
    if teams is not None:
        scope += TEAM_SCOPE
    if codes is not None:
        one = " AND id = %(one)s" if filters.pqr_type is not None else ""
        scope += TYPE_SCOPE.format(one=one, **tables)
    sql = READ_SQL.format(
        sums=", ".join(f"SUM({name}) AS {name}" for name in COUNTS),
        scope=scope,
        dimension=DIMENSION,
        facts=FACTS,
        sets=", ".join(SETS.values()).format(key="current"),
        **tables,
    )
    params = {
        **_fact_params(timezone.now()),
        "start": filters.start,
        "end": filters.end,
        "lo_day": lo,
        "before_end": before_end,
        "dims": list(dims),
        "margin": MARGIN,
        "start_at": filters.start_at,
        "end_before": filters.end_before,
        "lo_at": filters.start_at if before is None else min(_at(before_start), filters.start_at),
        "before_end_before": _at(before_end + timedelta(days=1)),
        "teams": teams,
        "codes": list(codes or ()),
        "one": filters.pqr_type.pk if filters.pqr_type is not None else None,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _merge(rows, key) -> list[dict]:
    merged: dict = {}
    for row in rows:
        k = key(row)
        into = merged.setdefault(k, {**row, **dict.fromkeys(COUNTS, 0)})
        for name in COUNTS:
            into[name] += int(row[name] or 0)
    out = []
    for row in merged.values():
        row["avg_days"] = row["days_sum"] / row["days_count"] if row["days_count"] else None
        out.append(row)
    return out


def _outcome_dict(row: dict) -> dict:
    """The keys the live grouping gives (reports._outcomes_by)."""
    return {
        **row,
        "type_key": row["pqr_type_id"],
        "team_key": row["team_id"],
        "cause_key": row["root_cause_id"],
    }


def pqrs_figures(filters: DashboardFilters) -> dict:
    """What `reports.pqrs_report` takes as `figures`: the groupings of the period, the
    total of the semester before and the size of the late-cases list."""
    before = semester_before(filters.start)
    rows = [_outcome_dict(r) for r in _read(filters, dims=tuple(SETS), before=before)]
    current = [r for r in rows if r["current"]]
    keys = {
        "by_type": ("type", lambda r: r["pqr_type_id"]),
        "by_channel": ("channel", lambda r: r["channel"]),
        "by_team": ("total", lambda r: r["team_id"]),
        "by_cause": ("cause", lambda r: r["root_cause_id"]),
        "total": ("total", lambda r: None),
    }
    grouped = {
        name: _merge((r for r in current if r["dimension"] == dim), key)
        for name, (dim, key) in keys.items()
    }
    previous = _merge(
        (r for r in rows if not r["current"] and r["dimension"] == "total"), lambda r: None
    )
    total = grouped["total"][0] if grouped["total"] else None
    return {
        "grouped": grouped,
        "before": previous[0] if previous else None,
        "late_count": total["late_listed"] if total else 0,
        "pending_count": total["pending"] if total else 0,
        "computed_at": rows[0]["refreshed_at"] if rows else None,
    }


SUMMARY_KEYS = ("on_time", "late", "transferred", "desisted", "rejected", "pending", "denied")


def information_figures(filters: DashboardFilters, codes) -> tuple[dict, datetime | None]:
    """The information report's summary (reports.information_summary's keys) and when
    the rollup was computed."""
    read = _read(filters, dims=("type",), codes=codes)
    rows = _merge(read, lambda r: None)
    summary = rows[0] if rows else {**dict.fromkeys(COUNTS, 0), "avg_days": None}
    keys = ("received", *SUMMARY_KEYS, "avg_days")
    return {key: summary[key] for key in keys}, read[0]["refreshed_at"] if read else None
