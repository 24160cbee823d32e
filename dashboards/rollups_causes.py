"""The causes page's counts per day and team (`DailyCauseCounts`), and reading them.

One SQL text (`FACTS_SQL`) says how a day's counts come from the PQR and answer
tables. The rollup rebuild writes its rows for past days; a page reads the rows of
the days the rollup holds and runs the same SQL, live, for the days after the last
refresh (normally just today) or, when a filter needs a column the rollup does not
keep (type, channel, an agent's own PQRs), for the whole period. Both halves count
the same way, so the figures are those of a direct count.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from pqr.catalogues import ROOT_CAUSE_REQUIRED_CODES
from pqr.models import Pqr, PqrType
from surveys.models import SatisfactionSurvey, SurveyResponse

from .models import DailyCauseCounts, RollupStatus
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
    FROM {response} r
    JOIN {survey} s ON s.id = r.survey_id
    JOIN {pqr} p ON p.id = s.pqr_id
    CROSS JOIN LATERAL (VALUES ('moment_rated', 1), ('moment_score', r.score::int))
        AS m (measure, n)
    WHERE r.answered_at >= {lo} AND r.answered_at < {hi}
      AND p.moment_of_truth_id IS NOT NULL{scope}
) AS facts
GROUP BY day, team_id, measure, key
HAVING SUM(n) <> 0
"""

INSERT_SQL = "INSERT INTO {rollup} (day, team_id, measure, key, count) " + FACTS_SQL

# The rollup's days before the cut, the live facts from the cut on. The cut is the
# day of the last refresh (that day may have changed since), bounded by the period;
# it is the period's start when the rollup may not be used.
READ_SQL = """
WITH cut AS (
    SELECT CASE WHEN %(use_rollup)s THEN LEAST(%(after)s::date, GREATEST(%(start)s::date,
               COALESCE((SELECT (refreshed_at AT TIME ZONE %(tz)s)::date FROM {status}
                         WHERE id = 1 AND causes_history), %(start)s::date)))
           ELSE %(start)s::date END AS day
), bounds AS (
    SELECT day, (day::timestamp AT TIME ZONE %(tz)s) AS lo FROM cut
)
SELECT measure, key, SUM(count) FROM (
    SELECT measure, key, count FROM {rollup}
    WHERE day >= %(start)s AND day < (SELECT day FROM bounds){team_scope}
    UNION ALL
    SELECT measure, key, count FROM ({live}) AS live
) AS counts
GROUP BY measure, key
"""


def _tables() -> dict[str, str]:
    return {
        "pqr": Pqr._meta.db_table,
        "pqr_type": PqrType._meta.db_table,
        "response": SurveyResponse._meta.db_table,
        "survey": SatisfactionSurvey._meta.db_table,
        "rollup": DailyCauseCounts._meta.db_table,
        "status": RollupStatus._meta.db_table,
    }


def cause_counts_rebuild(cursor, *, start: date, end: date) -> None:
    """Write the rows of days start..end (inclusive); the caller deleted the old ones
    in the same transaction (`rollups.daily_stats_rebuild`)."""
    params = {
        "tz": str(timezone.get_current_timezone()),
        "codes": ROOT_CAUSE_REQUIRED_CODES,
        "lo": local_midnight(start),
        "hi": local_midnight(end + timedelta(days=1)),
    }
    sql = INSERT_SQL.format(scope="", lo="%(lo)s", hi="%(hi)s", **_tables())
    cursor.execute(sql, params)


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
    live = FACTS_SQL.format(scope=scope, lo="(SELECT lo FROM bounds)", hi="%(hi)s", **tables)
    team_scope = scope.replace("p.team_id", "team_id") if rollup_serves(filters) else ""
    sql = READ_SQL.format(live=live, team_scope=team_scope, **tables)
    params.update(
        tz=str(timezone.get_current_timezone()),
        codes=ROOT_CAUSE_REQUIRED_CODES,
        use_rollup=rollup_serves(filters),
        start=filters.start,
        after=filters.end + timedelta(days=1),
        hi=filters.end_before,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(measure, key): int(count) for measure, key, count in cursor.fetchall()}
