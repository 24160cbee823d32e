"""DailyTeamStats summed per day and team in total, per type and per channel
(`DailyOutcomeMarginals`): the SLA page's totals, weeks and breakdowns need only these
marginals, a fixed number of rows a day (teams x (1 + types + channels)) instead of
one per team x type x channel that occurs (issue 18)."""

from __future__ import annotations

from django.db.models.functions import TruncWeek

from .grouping import grouping_sets
from .models import DailyOutcomeMarginals

OUTCOME_FIELDS = (
    "received",
    "resolved",
    "due_measured",
    "within_due",
    "legal_measured",
    "within_legal",
)

MARGINALS_SQL = """
INSERT INTO {marginals} (day, team_id, dimension, pqr_type_id, channel, {fields})
SELECT day, team_id,
       CASE WHEN GROUPING(pqr_type_id) = 0 THEN 'pqr_type'
            WHEN GROUPING(channel) = 0 THEN 'channel' ELSE 'total' END,
       pqr_type_id, COALESCE(channel, ''), {sums}
FROM {team_daily} WHERE day >= %(start)s AND day <= %(end)s
GROUP BY GROUPING SETS ((day, team_id), (day, team_id, pqr_type_id), (day, team_id, channel))
"""


def marginals_sql(tables: dict[str, str]) -> str:
    return MARGINALS_SQL.format(
        marginals=DailyOutcomeMarginals._meta.db_table,
        team_daily=tables["team_daily"],
        fields=", ".join(OUTCOME_FIELDS),
        sums=", ".join(f"SUM({name})" for name in OUTCOME_FIELDS),
    )


def marginals_serve(filters) -> bool:
    return not (filters.agent_only or filters.pqr_type is not None or filters.channel)


# Which rows each figure sums: the week, team and total from the "total" rows.
SOURCES = {"week": "total", "team": "total", "pqr_type": "pqr_type", "channel": "channel"}


def marginals_summed(filters, groups: dict[str, tuple[str, ...]]) -> dict[str, list[dict]]:
    """What `summed()` over DailyTeamStats gives for `groups` (week, team, pqr_type,
    channel) plus "total", in one scan of the marginal rows."""
    qs = DailyOutcomeMarginals.objects.filter(
        filters.scope_q(), day__gte=filters.start, day__lte=filters.end
    ).annotate(week=TruncWeek("day"))
    columns = list(dict.fromkeys(c for name in SOURCES for c in groups[name]))
    sets = {name: (*groups[name], "dimension") for name in SOURCES}
    sets["total"] = ("dimension",)  # last: its flag is the only one set in every row
    aggregates = ", ".join(f'COALESCE(SUM("{name}"), 0) AS "{name}"' for name in OUTCOME_FIELDS)
    rows = grouping_sets(qs.values(*columns, "dimension", *OUTCOME_FIELDS), sets, aggregates)
    result = {
        name: [r for r in rows[name] if r["dimension"] == SOURCES.get(name, "total")]
        for name in (*SOURCES, "total")
    }
    if not result["total"]:
        result["total"] = [dict.fromkeys(OUTCOME_FIELDS, 0)]
    return result
