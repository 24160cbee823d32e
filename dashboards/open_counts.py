"""The open-PQR snapshot summed the way the SLA page shows it (`OpenSlaCounts`): per
team, and per team and agent / type / channel. A few hundred rows whatever the number
of open PQRs, written with the snapshot (and for the teams a reassignment touched), so
the page sums them instead of grouping the whole snapshot on each visit (issue 18)."""

from __future__ import annotations

from django.db import connection

from pqr.models import OPEN_STATUSES
from sla.models import SilenceEffect

from .models import DueBand, OpenPqrSnapshot, OpenSlaCounts

# The workload page's age columns (snapshot age_band 0..3).
AGE_BANDS = ("age_0_5", "age_6_10", "age_11_15", "age_over_15")
# Figure name -> the snapshot rows it counts (column, value).
SNAPSHOT_COUNTS = {
    **{name: {"age_band": band} for band, name in enumerate(AGE_BANDS)},
    **{f"status_{status}": {"status": status} for status in OPEN_STATUSES},
    "overdue": {"due_band": DueBand.OVERDUE},
    "due_today": {"due_band": DueBand.TODAY},
    "due_next3": {"due_band": DueBand.NEXT3},
    "legal_overdue": {"legal_overdue": True},
    "silence_accepted": {"silence_flag": SilenceEffect.ACCEPTED},
    "silence_late": {"silence_flag": SilenceEffect.LATE},
}
DIMENSIONS = ("team", "agent", "pqr_type", "channel")

COUNTS_SQL = """
INSERT INTO {counts} (dimension, team_id, assigned_to_id, pqr_type_id, channel, counts)
SELECT CASE WHEN GROUPING(assigned_to_id) = 0 THEN 'agent'
            WHEN GROUPING(pqr_type_id) = 0 THEN 'pqr_type'
            WHEN GROUPING(channel) = 0 THEN 'channel' ELSE 'team' END,
       team_id, assigned_to_id, pqr_type_id, COALESCE(channel, ''),
       jsonb_build_object('count', SUM(count), {figures})
FROM {snapshot}{where}
GROUP BY GROUPING SETS ((team_id), (team_id, assigned_to_id), (team_id, pqr_type_id),
                        (team_id, channel))
"""


def open_counts_rebuild(teams: set[int] | None = None) -> int:
    """Rewrite the rows of these teams (None: all) from the snapshot; run in the
    transaction that wrote the snapshot rows."""
    rows = OpenSlaCounts.objects.all()
    if teams is not None:
        rows = rows.filter(team_id__in=teams)
    rows.delete()
    figures, params = [], []
    for name, lookups in SNAPSHOT_COUNTS.items():
        ((column, value),) = lookups.items()
        figures.append(f"'{name}', COALESCE(SUM(count) FILTER (WHERE {column} = %s), 0)")
        params.append(value)
    where = ""
    if teams is not None:
        where = " WHERE team_id = ANY(%s)"
        params.append(list(teams))
    sql = COUNTS_SQL.format(
        counts=OpenSlaCounts._meta.db_table,
        snapshot=OpenPqrSnapshot._meta.db_table,
        figures=", ".join(figures),
        where=where,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def counts_serve(filters) -> bool:
    """The rows keep the team only: type, channel and agents' own pages group the
    snapshot itself."""
    return not (filters.agent_only or filters.pqr_type is not None or filters.channel)


def open_counts_read(filters, groups: dict[str, tuple[str, ...]]) -> dict[str, list[dict]]:
    """What `summed()` over the snapshot gives: {"total": [row], dimension: rows}, each
    row with its `groups` columns, "count" and the SNAPSHOT_COUNTS figures; "complete"
    is False when rows written before a figure existed lack it (counted as 0)."""
    columns = list(dict.fromkeys(c for name in DIMENSIONS for c in groups[name]))
    rows = OpenSlaCounts.objects.filter(filters.scope_q()).values("dimension", "counts", *columns)
    names = ("count", *SNAPSHOT_COUNTS)
    total = dict.fromkeys(names, 0)
    merged: dict[str, dict[tuple, dict]] = {name: {} for name in DIMENSIONS}
    complete = True
    for row in rows:
        dimension, counts = row["dimension"], row["counts"]
        if len(counts) < len(names):
            complete = False
            counts = {**dict.fromkeys(names, 0), **counts}
        if dimension == "team":
            for name in names:
                total[name] += counts[name]
        key = tuple(row[c] for c in groups[dimension])
        entry = merged[dimension].setdefault(
            key, {**{c: row[c] for c in groups[dimension]}, **dict.fromkeys(names, 0)}
        )
        for name in names:
            entry[name] += counts[name]
    return {
        "total": [total],
        **{name: list(merged[name].values()) for name in DIMENSIONS},
        "complete": complete,
    }
