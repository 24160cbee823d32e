"""Figures of the workload page: open PQRs per agent and team by age in business days
(from the open-PQR snapshot), and the oldest open PQRs (received_at index)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.roles import Role
from pqr.models import OPEN_STATUSES, Pqr, Team

from .filters import DashboardFilters
from .open_counts import AGE_BANDS, counts_serve, open_counts_read
from .selectors_sla import GROUPS, agent_label, open_snapshot, snapshot_count, summed

BUCKETS = AGE_BANDS
OLDEST_SIZE = 15
AGENT_ROWS = 50


@dataclass(frozen=True)
class Workload:
    totals: dict
    by_agent: list[dict]
    by_team: list[dict]
    oldest: list[Pqr]
    members: list = field(default_factory=list)


AGENT_FIELDS = (
    "assigned_to",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
)


def workload(*, filters: DashboardFilters, cal, today: date | None = None) -> Workload:
    today = today or timezone.localdate()
    sets = _open_by_age(filters)
    for row in (*sets["total"], *sets["agent"], *sets["team"]):
        row["total"] = row.pop("count")
    by_agent = sorted(sets["agent"], key=lambda r: (-r["total"], r["assigned_to__username"] or ""))[
        :AGENT_ROWS
    ]
    members = [] if filters.agent_only else team_members(filters)
    busy = {row["assigned_to"] for row in by_agent}
    # Agents with nothing open are listed too (at the end): who can take more work.
    by_agent += [_idle_row(user) for user in members if user.pk not in busy]
    for row in by_agent:
        row["label"] = agent_label(row)
    by_team = sorted(sets["team"], key=lambda r: (-r["total"], r["team__name"]))
    totals = sets["total"][0]
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
        totals=totals, by_agent=by_agent, by_team=by_team, oldest=oldest, members=members
    )


def _open_by_age(filters: DashboardFilters) -> dict[str, list[dict]]:
    """Open PQRs by age band in total, per agent and per team: from the snapshot's
    per-team sums (a few hundred rows whatever the number of open PQRs), else (a type
    or channel filter, an agent's own page, sums written before the age bands) from
    the snapshot itself."""
    if counts_serve(filters):
        sets = open_counts_read(filters, {**GROUPS, "agent": AGENT_FIELDS})
        if sets.pop("complete"):
            return sets
    qs = open_snapshot(filters).annotate(
        **{name: snapshot_count(age_band=band) for band, name in enumerate(BUCKETS)}
    )
    return summed(
        qs,
        groups={"agent": AGENT_FIELDS, "team": ("team", "team__name")},
        sums=("count", *BUCKETS),
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


def team_members(filters: DashboardFilters) -> list:
    """Active members of the active teams in scope (the chosen team, else all), once each."""
    users = get_user_model().objects.filter(
        is_active=True, pqr_teams__is_active=True, groups__name__in=list(Role.values)
    )
    if filters.team is not None:
        users = users.filter(pqr_teams=filters.team)
    return list(
        users.distinct()
        .order_by("first_name", "last_name", "username")
        .only("id", "first_name", "last_name", "username")
    )


def _idle_row(user) -> dict:
    return {
        "assigned_to": user.pk,
        "assigned_to__first_name": user.first_name,
        "assigned_to__last_name": user.last_name,
        "assigned_to__username": user.username,
        "total": 0,
        **dict.fromkeys(BUCKETS, 0),
    }
