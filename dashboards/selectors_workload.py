"""Figures of the workload page: open PQRs per agent and team, by age in business days.

The calendar turns the age limits into filing dates once per page; SQL then counts
each bucket with conditional aggregation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from pqr.models import OPEN_STATUSES, Pqr, Team

from .filters import DashboardFilters
from .periods import age_boundaries
from .selectors_sla import agent_label

BUCKETS = ("age_0_5", "age_6_10", "age_11_15", "age_over_15")
OLDEST_SIZE = 15
AGENT_ROWS = 50


def _bucket_counts(boundaries: tuple[date, date, date]) -> dict:
    five, ten, fifteen = boundaries
    filed = "filed_day"
    return {
        "total": Count("pk"),
        "age_0_5": Count("pk", filter=Q(**{f"{filed}__gte": five})),
        "age_6_10": Count("pk", filter=Q(**{f"{filed}__gte": ten, f"{filed}__lt": five})),
        "age_11_15": Count("pk", filter=Q(**{f"{filed}__gte": fifteen, f"{filed}__lt": ten})),
        "age_over_15": Count("pk", filter=Q(**{f"{filed}__lt": fifteen})),
    }


def open_scope(filters: DashboardFilters):
    """Open PQRs in scope, with `filed_day` (the legal filing date; the receipt date
    for rows filed before that column existed)."""
    tz = timezone.get_current_timezone()
    return (
        filters.pqrs(date_field=None)
        .filter(status__in=OPEN_STATUSES)
        .annotate(filed_day=Coalesce("filed_on", TruncDate("received_at", tzinfo=tz)))
    )


@dataclass(frozen=True)
class Workload:
    totals: dict
    by_agent: list[dict]
    by_team: list[dict]
    oldest: list[Pqr]


def workload(*, filters: DashboardFilters, cal, today: date | None = None) -> Workload:
    today = today or timezone.localdate()
    counts = _bucket_counts(age_boundaries(cal, today))
    scope = open_scope(filters)
    by_agent = list(
        scope.values(
            "assigned_to",
            "assigned_to__first_name",
            "assigned_to__last_name",
            "assigned_to__username",
        )
        .annotate(**counts)
        .order_by("-total", "assigned_to__first_name", "assigned_to__username")[:AGENT_ROWS]
    )
    by_team = list(
        scope.values("team", "team__name").annotate(**counts).order_by("-total", "team__name")
    )
    oldest = list(
        scope.select_related("team", "assigned_to", "pqr_type").order_by(
            "filed_day", "received_at", "pk"
        )[:OLDEST_SIZE]
    )
    candidates = reassign_candidates({pqr.team_id for pqr in oldest})
    for pqr in oldest:
        pqr.age_business_days = cal.business_days_between(pqr.filed_day, today)
        pqr.candidates = candidates[pqr.team_id]
    for row in by_agent:
        row["label"] = agent_label(row)
    return Workload(
        totals=scope.aggregate(**counts),
        by_agent=by_agent,
        by_team=by_team,
        oldest=oldest,
    )


def reassign_candidates(team_ids: set[int]) -> dict[int, list]:
    """Active members of each team, for the reassign menus (one query)."""
    memberships = (
        Team.members.through.objects.filter(team_id__in=team_ids, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    candidates: dict[int, list] = {team_id: [] for team_id in team_ids}
    for membership in memberships:
        candidates[membership.team_id].append(membership.user)
    return candidates
