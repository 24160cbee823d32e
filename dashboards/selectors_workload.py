"""Figures of the workload page: open PQRs per agent and team by age in business days
(from the open-PQR snapshot), and the oldest open PQRs (received_at index)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone

from pqr.models import OPEN_STATUSES, Pqr, Team

from .filters import DashboardFilters
from .selectors_sla import agent_label, open_snapshot, snapshot_sum

BUCKETS = ("age_0_5", "age_6_10", "age_11_15", "age_over_15")
OLDEST_SIZE = 15
AGENT_ROWS = 50


def _bucket_sums() -> dict:
    sums = {name: snapshot_sum(age_band=band) for band, name in enumerate(BUCKETS)}
    return {"total": snapshot_sum(), **sums}


def _totals(scope) -> dict:
    return scope.aggregate(**_bucket_sums(), taken_at=Max("taken_at"))


@dataclass(frozen=True)
class Workload:
    totals: dict
    by_agent: list[dict]
    by_team: list[dict]
    oldest: list[Pqr]


def workload(*, filters: DashboardFilters, cal, today: date | None = None) -> Workload:
    today = today or timezone.localdate()
    scope = open_snapshot(filters)
    agent_fields = (
        "assigned_to",
        "assigned_to__first_name",
        "assigned_to__last_name",
        "assigned_to__username",
    )
    by_agent = list(
        scope.values(*agent_fields)
        .annotate(**_bucket_sums())
        .order_by("-total", "assigned_to__first_name", "assigned_to__username")[:AGENT_ROWS]
    )
    for row in by_agent:
        row["label"] = agent_label(row)
    by_team = list(
        scope.values("team", "team__name")
        .annotate(**_bucket_sums())
        .order_by("-total", "team__name")
    )
    # Oldest by receipt: the received_at index gives them without sorting every open PQR.
    oldest = list(
        filters.pqrs(date_field=None)
        .filter(status__in=OPEN_STATUSES)
        .select_related("team", "assigned_to", "pqr_type")
        .order_by("received_at", "pk")[:OLDEST_SIZE]
    )
    candidates = reassign_candidates({pqr.team_id for pqr in oldest})
    for pqr in oldest:
        filed = pqr.filed_on or timezone.localdate(pqr.received_at)
        pqr.age_business_days = cal.business_days_between(filed, today)
        pqr.candidates = candidates[pqr.team_id]
    return Workload(
        totals=_totals(scope),
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
