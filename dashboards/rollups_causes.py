"""The causes page's counts per day and team (`DailyCauseCounts`), and reading them.

One SQL text (`FACTS_SQL`) says how a day's counts come from the PQR and answer
tables. The rollup rebuild writes its rows up to the instant it ran (today's rows
hold the facts before that instant: `RollupStatus.causes_until`); a page reads the
rows of the period and runs the same SQL, live, for the facts from that instant on
(the minutes since the last refresh) or, when a filter needs a column the rollup
does not keep (type, channel, an agent's own PQRs), for the whole period. Each fact
(a PQR received, resolved, an answer given) falls in one half by its own time, so
the figures are those of a direct count as of the last refresh, plus what happened
since; a change to a fact already counted shows at the next refresh (issue 18: the
live half no longer grows with the PQRs of a day).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection
from django.utils import timezone

from pqr.catalogues import ROOT_CAUSE_REQUIRED_CODES
from pqr.models import Pqr, PqrType
from surveys.models import SatisfactionSurvey, SurveyResponse

from .models import DailyCauseCounts, RepeatCustomerCounts, RollupStatus
from .periods import local_midnight

# {scope} restricts the PQRs (alias p) by role, team, type and channel; it is empty
# when the rollup is rebuilt. %(lo)s / %(hi)s bound the days (half-open instants).
FACTS_SQL = """
SELECT day, team_id, measure, key, SUM(n) AS count FROM (
    SELECT (p.received_at AT TIME ZONE %(tz)s)::date AS day, p.team_id, m.measure,
           p.moment_of_truth_id AS key, m.n
    FROM {pqr} p JOIN {pqr_type} t ON t.id = p.pqr_type_id
    CROSS JOIN LATERAL (VALUES ('moment', 1),
                               ('moment_complaints', (t.code IN %(codes)s)::int)) AS m (measure, n)
    WHERE p.received_at >= {lo} AND p.received_at < {hi}
      AND p.moment_of_truth_id IS NOT NULL{scope}
    UNION ALL
    SELECT (p.resolved_at AT TIME ZONE %(tz)s)::date, p.team_id, 'cause', p.root_cause_id, 1
    FROM {pqr} p JOIN {pqr_type} t ON t.id = p.pqr_type_id
    WHERE p.resolved_at >= {lo} AND p.resolved_at < {hi}
      AND t.code IN %(codes)s AND p.root_cause_id IS NOT NULL{scope}
    UNION ALL
    SELECT (p.resolved_at AT TIME ZONE %(tz)s)::date, p.team_id, m.measure, m.key, m.n
    FROM {pqr} p
    CROSS JOIN LATERAL (VALUES
        ('anger', 0, 1),
        ('anger_calmer', 0, (p.anger_level < p.anger_level_at_intake)::int),
        ('anger_same', 0, (p.anger_level = p.anger_level_at_intake)::int),
        ('anger_angrier', 0, (p.anger_level > p.anger_level_at_intake)::int),
        ('anger_intake_sum', 0, p.anger_level_at_intake::int),
        ('anger_final_sum', 0, p.anger_level::int),
        ('anger_intake', p.anger_level_at_intake::int, 1),
        ('anger_final', p.anger_level::int, 1)) AS m (measure, key, n)
    WHERE p.resolved_at >= {lo} AND p.resolved_at < {hi}
      AND p.anger_level_at_intake IS NOT NULL AND p.anger_level IS NOT NULL{scope}
    UNION ALL
    SELECT (r.answered_at AT TIME ZONE %(tz)s)::date, p.team_id, m.measure,
           p.moment_of_truth_id, m.n
    {answers}
    CROSS JOIN LATERAL (VALUES ('moment_rated', 1), ('moment_score', r.score::int))
        AS m (measure, n)
    WHERE r.answered_at >= {lo} AND r.answered_at < {hi}
      AND p.moment_of_truth_id IS NOT NULL{scope}
) AS facts
GROUP BY {group}
HAVING SUM(n) <> 0
"""

# Per team, and for all teams (team NULL: the page without a team filter reads a
# tenth of the rows); ordered by day so that a period's rows sit on few pages.
INSERT_SQL = (
    "INSERT INTO {rollup} (day, team_id, measure, key, count) "
    + FACTS_SQL.replace(
        "{group}", "GROUPING SETS ((day, team_id, measure, key), (day, measure, key))"
    )
    + "ORDER BY day"
)
LIVE_GROUP = "day, team_id, measure, key"

# The rollup's rows of the period (they hold the facts before `causes_until`), the
# live facts from that instant on; when the rollup may not be used (or was never
# built) the whole period is live.
READ_SQL = """
WITH cut AS (
    SELECT CASE WHEN %(use_rollup)s THEN (SELECT causes_until FROM {status}
                                           WHERE id = 1 AND causes_history) END AS at
), bounds AS (
    SELECT LEAST(%(after)s::date, COALESCE((at AT TIME ZONE %(tz)s)::date + 1, %(start)s::date))
               AS day,
           GREATEST(%(lo)s::timestamptz, COALESCE(at, %(lo)s::timestamptz)) AS lo
    FROM cut
)
SELECT measure, key, SUM(count) FROM (
    SELECT measure, key, count FROM {rollup}
    WHERE day >= %(start)s AND day < (SELECT day FROM bounds){team_scope}
    UNION ALL
    SELECT measure, key, count FROM ({live}) AS live
) AS counts
GROUP BY measure, key
"""

# The facts from the last refresh on are few: reach the answers' surveys and PQRs by
# their keys (with a generic estimate for the cut the planner hash-joined every survey).
ANSWERS_JOIN = """FROM {response} r
    JOIN {survey} s ON s.id = r.survey_id
    JOIN {pqr} p ON p.id = s.pqr_id"""
ANSWERS_LATERAL = """FROM {response} r
    CROSS JOIN LATERAL (SELECT s.pqr_id FROM {survey} s WHERE s.id = r.survey_id LIMIT 1) s
    CROSS JOIN LATERAL (SELECT * FROM {pqr} p WHERE p.id = s.pqr_id LIMIT 1) p"""


def _tables() -> dict[str, str]:
    return {
        "pqr": Pqr._meta.db_table,
        "pqr_type": PqrType._meta.db_table,
        "response": SurveyResponse._meta.db_table,
        "survey": SatisfactionSurvey._meta.db_table,
        "rollup": DailyCauseCounts._meta.db_table,
        "status": RollupStatus._meta.db_table,
        "repeat": RepeatCustomerCounts._meta.db_table,
    }


STATUS_UNTIL_SQL = """
INSERT INTO {status} (id, {field}) VALUES (1, %(until)s)
ON CONFLICT (id) DO UPDATE SET {field} = EXCLUDED.{field}
"""


def cause_counts_rebuild(cursor, *, start: date, end: date, now: datetime | None = None) -> None:
    """Write the rows of days start..end (inclusive) with the facts before `now`; the
    caller deleted the old ones in the same transaction (`rollups.daily_stats_rebuild`).
    When the range reaches `now`, the status row records it: pages count the facts
    from then on live."""
    now = now or timezone.now()
    hi = local_midnight(end + timedelta(days=1))
    params = {
        "tz": str(timezone.get_current_timezone()),
        "codes": ROOT_CAUSE_REQUIRED_CODES,
        "lo": local_midnight(start),
        "hi": min(hi, now),
    }
    tables = _tables()
    answers = ANSWERS_JOIN.format(**tables)
    sql = INSERT_SQL.format(scope="", lo="%(lo)s", hi="%(hi)s", answers=answers, **tables)
    cursor.execute(sql, params)
    if hi > now:
        status = STATUS_UNTIL_SQL.format(field="causes_until", **tables)
        cursor.execute(status, {"until": now})


def _scope(filters) -> tuple[str, dict]:
    """The SQL of `DashboardFilters.scope_q()` on the PQRs of alias p."""
    parts, params = [], {}
    if filters.agent_only:
        agent = getattr(filters.user, "pk", None)
        parts.append("p.assigned_to_id = %(agent)s" if agent is not None else "FALSE")
        params["agent"] = agent
    if filters.team_ids is not None:
        parts.append("p.team_id = ANY(%(team_ids)s)")
        params["team_ids"] = list(filters.team_ids)
    if filters.team is not None:
        parts.append("p.team_id = %(team)s")
        params["team"] = filters.team.pk
    if filters.pqr_type is not None:
        parts.append("p.pqr_type_id = %(pqr_type)s")
        params["pqr_type"] = filters.pqr_type.pk
    if filters.channel:
        parts.append("p.channel = %(channel)s")
        params["channel"] = filters.channel
    return "".join(f" AND {part}" for part in parts), params


def rollup_serves(filters) -> bool:
    """The rollup keeps day and team only: other filters are counted live."""
    return not (filters.agent_only or filters.pqr_type is not None or filters.channel)


def cause_counts(filters) -> dict[tuple[str, int], int]:
    """{(measure, key): count} over the period in the filters' scope, in one query."""
    scope, params = _scope(filters)
    tables = _tables()
    answers = (ANSWERS_LATERAL if rollup_serves(filters) else ANSWERS_JOIN).format(**tables)
    live = FACTS_SQL.format(
        scope=scope,
        lo="(SELECT lo FROM bounds)",
        hi="%(hi)s",
        group=LIVE_GROUP,
        answers=answers,
        **tables,
    )
    team_scope = ""
    if rollup_serves(filters):
        # The all-teams rows when no team is chosen, else the chosen teams' rows.
        team_scope = scope.replace("p.team_id", "team_id") or " AND team_id IS NULL"
    sql = READ_SQL.format(live=live, team_scope=team_scope, **tables)
    params.update(
        tz=str(timezone.get_current_timezone()),
        codes=ROOT_CAUSE_REQUIRED_CODES,
        use_rollup=rollup_serves(filters),
        start=filters.start,
        after=filters.end + timedelta(days=1),
        lo=local_midnight(filters.start),
        hi=filters.end_before,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(measure, key): int(count) for measure, key, count in cursor.fetchall()}


# --- repeat complainants: the 90 days to the period's end ----------------------------

REPEAT_WINDOW_DAYS = 90
REPEAT_MIN_PQRS = 3
REPEAT_TOP = 20

REPEAT_BUILD_SQL = """
INSERT INTO {repeat} (day, team_id, customer_id, count, top)
SELECT %(day)s, team_id, customer_id, n, n >= COALESCE(cut, 1) FROM (
    SELECT team_id, customer_id, n,
           nth_value(n, %(top)s) OVER (PARTITION BY team_id ORDER BY n DESC
               ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS cut
    FROM (
        SELECT team_id, customer_id, COUNT(*) AS n FROM {pqr}
        WHERE received_at >= %(lo)s AND received_at < %(hi)s AND customer_id IS NOT NULL
        GROUP BY GROUPING SETS ((customer_id), (team_id, customer_id))
    ) AS counts
) AS ranked
"""

# The stored counts (the window up to the refresh, `repeat_until`) plus the PQRs
# received since, when the rows are of the window's end day; else (another end, a
# filter the rows do not keep) the window counted live.
REPEAT_READ_SQL = """
WITH usable AS (
    SELECT CASE WHEN %(allowed)s THEN (SELECT repeat_until FROM {status} WHERE id = 1
        AND (repeat_until AT TIME ZONE %(tz)s)::date = %(end)s::date) END AS since
), recent AS (
    -- The end day's bounds as constants too: the planner then expects a few rows
    -- (with only the cut's, 10,000 at 1M PQRs, and a plan costly enough to JIT-compile).
    SELECT p.customer_id, COUNT(*) AS n FROM {pqr} p
    WHERE p.received_at >= (SELECT since FROM usable) AND p.received_at >= %(end_lo)s
      AND p.received_at < %(hi)s AND p.customer_id IS NOT NULL{scope}
    GROUP BY p.customer_id
), stored AS (
    SELECT customer_id, count AS n FROM {repeat}
    WHERE day = %(end)s AND {team_cond} AND top AND (SELECT since FROM usable) IS NOT NULL
), past AS (
    -- One index lookup per customer of the last minutes (a hash join read them all).
    SELECT r.customer_id, r.count AS n FROM recent
    CROSS JOIN LATERAL (SELECT customer_id, count FROM {repeat}
        WHERE customer_id = recent.customer_id AND day = %(end)s AND {team_cond}
          AND NOT top LIMIT 1) AS r
), live AS (
    -- No lower bound (no rows) when the stored rows serve: planned for a few rows, not
    -- for the window's (its cost alone made the statement JIT-compile, 12 ms at 1M).
    SELECT p.customer_id, COUNT(*) AS n FROM {pqr} p
    WHERE p.received_at >= (SELECT CASE WHEN since IS NULL THEN %(lo)s::timestamptz END
                            FROM usable)
      AND p.received_at < %(hi)s AND p.customer_id IS NOT NULL{scope}
    GROUP BY p.customer_id
)
SELECT customer_id, SUM(n) FROM (
    SELECT * FROM recent UNION ALL SELECT * FROM stored
    UNION ALL SELECT * FROM past UNION ALL SELECT * FROM live
) AS counts
GROUP BY customer_id HAVING SUM(n) >= %(min)s
ORDER BY SUM(n) DESC, customer_id LIMIT %(top)s
"""


def repeat_counts_rebuild(cursor, *, day: date, now: datetime | None = None) -> None:
    """The rows of the window ending on `day` (run at each refresh, for today), with
    the PQRs received before `now`, recorded in the status row."""
    now = now or timezone.now()
    tables = _tables()
    cursor.execute(f"DELETE FROM {tables['repeat']}")  # noqa: S608
    params = {
        "day": day,
        "top": REPEAT_TOP,
        "lo": local_midnight(day - timedelta(days=REPEAT_WINDOW_DAYS - 1)),
        "hi": min(local_midnight(day + timedelta(days=1)), now),
    }
    cursor.execute(REPEAT_BUILD_SQL.format(**tables), params)
    cursor.execute(STATUS_UNTIL_SQL.format(field="repeat_until", **tables), {"until": params["hi"]})
    # Rewritten whole every five minutes: without fresh statistics the planner takes
    # it for a few rows and scans it once per customer of the day (100k bench: 838 ms).
    cursor.execute(f"ANALYZE {tables['repeat']}")


def repeat_counts(filters, *, start: date, end: date) -> list[tuple[int, int]]:
    """(customer, PQRs received start..end) of the top customers with 3 or more, most
    first, in the filters' scope; one query."""
    scope, params = _scope(filters)
    allowed = rollup_serves(filters) and filters.team_ids is None
    team_cond = "team_id = %(team)s" if filters.team is not None else "team_id IS NULL"
    sql = REPEAT_READ_SQL.format(scope=scope, team_cond=team_cond, **_tables())
    params.update(
        allowed=allowed,
        tz=str(timezone.get_current_timezone()),
        end=end,
        lo=local_midnight(start),
        end_lo=local_midnight(end),
        hi=local_midnight(end + timedelta(days=1)),
        min=REPEAT_MIN_PQRS,
        top=REPEAT_TOP,
    )
    params.setdefault("team", None)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(customer, int(n)) for customer, n in cursor.fetchall()]
