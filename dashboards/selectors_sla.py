"""Figures of the SLA dashboard, read from the rollups (dashboards.models) plus two
small indexed queries on the PQR table (percentiles, legal-risk list). A fixed number
of queries per page, whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from pqr.models import OPEN_STATUSES, Channel, Status

from .aggregates import Percentile, percent
from .filters import DashboardFilters
from .grouping import grouping_sets
from .models import DailyAgentStats, DailyPqrStats, DailyTeamStats, OpenPqrSnapshot
from .open_counts import SNAPSHOT_COUNTS, counts_serve, open_counts_read
from .percentiles import bucketed_percentiles
from .sla_marginals import OUTCOME_FIELDS, marginals_serve, marginals_summed

RISK_LIST_SIZE = 10
BREAKDOWN_SIZE = 10


def summed(qs, *, groups: dict[str, tuple[str, ...]], sums: tuple[str, ...]):
    """`sums` added up over all of `qs` ("total") and per group, in one scan."""
    columns = list(dict.fromkeys(c for cols in groups.values() for c in cols))
    aggregates = ", ".join(f'COALESCE(SUM("{name}"), 0) AS "{name}"' for name in sums)
    return grouping_sets(qs.values(*columns, *sums), {"total": (), **groups}, aggregates)


def snapshot_count(**lookups):
    """A snapshot row's count when it matches `lookups`, else 0 (summed by the caller)."""
    return Case(When(Q(**lookups), then=F("count")), default=Value(0))


def open_snapshot(filters: DashboardFilters):
    return OpenPqrSnapshot.objects.filter(filters.scope_q())


def open_now(*, filters: DashboardFilters) -> dict[str, list[dict]]:
    """Open PQRs as of the last snapshot: in total ("total": by state, due-date band,
    legal term and silence flag) and per team, agent, type and channel, one scan."""
    groups = {name: GROUPS[name] for name in BREAKDOWNS}
    if counts_serve(filters):
        result = open_counts_read(filters, groups)  # the snapshot pre-summed per team
        result.pop("complete")  # figures it may lack (workload's ages) are not shown here
    else:
        # Prefixed: some names (legal_overdue) are also snapshot columns.
        qs = open_snapshot(filters).annotate(
            **{f"n_{name}": snapshot_count(**lookups) for name, lookups in SNAPSHOT_COUNTS.items()}
        )
        sums = ("count", *(f"n_{name}" for name in SNAPSHOT_COUNTS))
        result = summed(qs, groups=groups, sums=sums)
        for rows in result.values():
            for row in rows:
                for name in SNAPSHOT_COUNTS:
                    row[name] = row.pop(f"n_{name}")
    row = result["total"][0]
    row["total"] = row.pop("count")
    row["by_status"] = [
        (Status(status).label, status, row.pop(f"status_{status}")) for status in OPEN_STATUSES
    ]
    return result


def daily_rows(filters: DashboardFilters, model=DailyPqrStats):
    return model.objects.filter(filters.scope_q(), day__gte=filters.start, day__lte=filters.end)


# Label columns first (`_label`), then the id the drill-down link filters by.
GROUPS = {
    "week": ("week",),
    "team": ("team__name", "team"),
    "agent": (
        "assigned_to__first_name",
        "assigned_to__last_name",
        "assigned_to__username",
        "assigned_to",
    ),
    "pqr_type": ("pqr_type__name", "pqr_type"),
    "channel": ("channel",),
}
BREAKDOWNS = ("team", "agent", "pqr_type", "channel")


def period_rollup(*, filters: DashboardFilters) -> dict[str, list[dict]]:
    """The period's daily rows summed in total, per week and per team, type and channel
    in one scan. Supervisors read the agent-less table, plus a plain GROUP BY agent."""
    coarse = not filters.agent_only
    groups = {name: cols for name, cols in GROUPS.items() if not (coarse and name == "agent")}
    if marginals_serve(filters):
        result = marginals_summed(filters, groups)  # per day and team: a fixed row count
    else:
        qs = daily_rows(filters, DailyTeamStats if coarse else DailyPqrStats).annotate(
            week=TruncWeek("day")
        )
        result = summed(qs, groups=groups, sums=OUTCOME_FIELDS)
    if coarse:
        # Per agent: the agent table when no type or channel filter needs the full one.
        narrowed = filters.pqr_type is not None or filters.channel
        by_agent = DailyPqrStats if narrowed else DailyAgentStats
        result["agent"] = list(
            daily_rows(filters, by_agent)
            .values(*GROUPS["agent"])
            .annotate(due_measured=Sum("due_measured"), within_due=Sum("within_due"))
            .order_by()
        )
    return result


def period_outcomes(*, filters: DashboardFilters, rollup: dict) -> dict:
    """Counts and compliance for the period (rollup), and business-hour medians and p90
    of the PQRs resolved in the period: from the pre-bucketed counts when the filters
    allow, else exact percentiles on the resolved_at index."""
    row = dict(rollup["total"][0])
    figures = bucketed_percentiles(filters=filters)
    if figures is None:
        figures = filters.pqrs(date_field="resolved_at").aggregate(
            answered=Count("first_response_business_hours"),
            first_response_median=Percentile("first_response_business_hours", 0.5),
            first_response_p90=Percentile("first_response_business_hours", 0.9),
            resolution_median=Percentile("resolution_business_hours", 0.5),
            resolution_p90=Percentile("resolution_business_hours", 0.9),
        )
    row.update(figures)
    row["due_rate"] = percent(row["within_due"], row["due_measured"])
    row["legal_rate"] = percent(row["within_legal"], row["legal_measured"])
    row["breached_due"] = row["due_measured"] - row["within_due"]
    return row


def compliance_by_week(rollup: dict) -> list[dict]:
    """Per week (starting Monday) of resolution: share resolved within the promised and
    the legal term."""
    weeks = sorted((r for r in rollup["week"] if r["due_measured"]), key=lambda r: r["week"])
    return [
        {
            # date_trunc of a date comes back as a midnight timestamp from a raw cursor
            "week": row["week"].date() if hasattr(row["week"], "date") else row["week"],
            "due_rate": percent(row["within_due"], row["due_measured"]),
            "legal_rate": percent(row["within_legal"], row["legal_measured"]),
            "resolved": row["due_measured"],
        }
        for row in weeks
    ]


def breaches_by(*, rollup: dict, snapshot: dict, dimension: str) -> list[dict]:
    """Breaches of the promised date grouped by one dimension, largest first: PQRs
    resolved late in the period plus open ones already past their date (the snapshot).
    Waiting-for-customer, transferred, desisted and rejected PQRs never count."""
    fields = GROUPS[dimension]
    late = [
        {**row, "n": row["due_measured"] - row["within_due"]}
        for row in rollup[dimension]
        if row["due_measured"] > row["within_due"]
    ]
    overdue = [{**row, "n": row["overdue"]} for row in snapshot[dimension] if row["overdue"]]
    merged: dict[tuple, dict] = {}
    for source, rows in (("resolved_late", late), ("still_open", overdue)):
        for row in rows:
            key = tuple(row[f] for f in fields)
            entry = merged.setdefault(
                key, {**{f: row[f] for f in fields}, "resolved_late": 0, "still_open": 0}
            )
            entry[source] = row["n"]
    result = []
    for entry in merged.values():
        entry["breaches"] = entry["resolved_late"] + entry["still_open"]
        entry["label"] = _label(dimension, entry)
        result.append(entry)
    result.sort(key=lambda e: (-e["breaches"], e["label"]))
    return result[:BREAKDOWN_SIZE]


def agent_label(row: dict) -> str:
    """Display name from `assigned_to__*` values; unassigned rows say so."""
    if row.get("assigned_to__username") is None:
        return _("Sin asignar")
    name = f"{row['assigned_to__first_name']} {row['assigned_to__last_name']}".strip()
    return name or row["assigned_to__username"]


def _label(dimension: str, row: dict) -> str:
    if dimension == "agent":
        return agent_label(row)
    if dimension == "channel":
        return Channel(row["channel"]).label
    if dimension == "pqr_type":
        return _(row["pqr_type__name"])  # seeded type names have translations
    return row[GROUPS[dimension][0]]


def legal_risk(*, filters: DashboardFilters, now) -> list:
    """Open PQRs closest to their legal due date, late ones first (legal_due_at index).
    Suspended terms (art. 17) are left out: they are counted as paused, never late,
    like the cards (dashboards.rollups)."""
    rows = list(
        filters.pqrs(date_field=None)
        .filter(status__in=OPEN_STATUSES, legal_due_at__isnull=False, term_suspended=False)
        .select_related("clock", "team", "assigned_to", "pqr_type")
        .order_by(F("legal_due_at").asc(), "pk")[:RISK_LIST_SIZE]
    )
    for pqr in rows:
        pqr.legal_late = pqr.legal_due_at < now
    return rows


@dataclass(frozen=True)
class SlaDashboard:
    open: dict
    outcomes: dict
    weekly: list[dict]
    breaches: dict[str, list[dict]]
    risk: list


def sla_dashboard(*, filters: DashboardFilters, now=None) -> SlaDashboard:
    rollup = period_rollup(filters=filters)
    snapshot = open_now(filters=filters)
    return SlaDashboard(
        open=snapshot["total"][0],
        outcomes=period_outcomes(filters=filters, rollup=rollup),
        weekly=compliance_by_week(rollup),
        breaches={
            name: breaches_by(rollup=rollup, snapshot=snapshot, dimension=name)
            for name in BREAKDOWNS
        },
        risk=legal_risk(filters=filters, now=now or timezone.now()),
    )
