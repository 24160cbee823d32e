"""Per-agent scorecard: this period next to the one before it, per agent, per team and
for the whole scope, aggregated in SQL (two GROUPING SETS queries, whatever the size).

Figures per PQR's current holder (`assigned_to`), and per the PQR's team:
- open: received before the period's end and not yet resolved or closed by then;
- resolved: resolved in the period; on time: of those whose promised date was
  measured, the share resolved by it (as on the SLA page);
- first response and resolution: medians in business hours of the PQRs resolved in
  the period;
- CSAT: share of 4 and 5 among the survey answers given in the period;
- reopen rate: of the PQRs resolved in the period, the share ever reopened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import Coalesce

from core.roles import Role, has_role
from pqr.models import OPEN_STATUSES, EventKind, Pqr, PqrEvent, Status, Team
from surveys.models import SurveyResponse

from .aggregates import percent
from .filters import DashboardFilters
from .grouping import grouping_sets

PERIODS = ("cur", "prev")
GROUPS = {"agent": ("agent_key",), "team": ("team_key",), "total": ()}


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length that ends the day before `start`."""
    prev_end = start - timedelta(days=1)
    return prev_end - (end - start), prev_end


@dataclass(frozen=True)
class Scope:
    """Whose figures the user may see: None means everyone (administrators)."""

    team_ids: list[int] | None
    agent_id: int | None = None

    @property
    def supervises_nothing(self) -> bool:
        return self.team_ids == []

    def q(self, *, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}assigned_to__isnull": False})
        if self.agent_id is not None:
            q &= Q(**{f"{prefix}assigned_to_id": self.agent_id})
        if self.team_ids is not None:
            q &= Q(**{f"{prefix}team_id__in": self.team_ids})
        return q


def scorecard_scope(user) -> Scope:
    """Agents: their own PQRs. Supervisors: the teams they supervise. Administrators:
    every team."""
    if not has_role(user, Role.SUPERVISOR):
        return Scope(team_ids=None, agent_id=user.pk)
    if has_role(user, Role.ADMIN):
        return Scope(team_ids=None)
    return Scope(team_ids=list(Team.objects.filter(supervisors=user).values_list("pk", flat=True)))


def _flags(filters: DashboardFilters, previous: DashboardFilters) -> dict:
    """Per PQR: in which period it was resolved and whether it was open at each end
    (received before the end, and still open, or resolved or closed after it)."""
    flags = {}
    for name, period in (("cur", filters), ("prev", previous)):
        flags[f"{name}_resolved"] = period.period_q("resolved_at")
        flags[f"{name}_open"] = Q(received_at__lt=period.end_before) & (
            Q(status__in=OPEN_STATUSES) | Q(done_at__gte=period.end_before)
        )
    return {k: ExpressionWrapper(v, output_field=BooleanField()) for k, v in flags.items()}


def _pqr_sql() -> str:
    parts = []
    for p in PERIODS:
        parts += [
            f"COUNT(*) FILTER (WHERE {p}_open) AS {p}_open",
            f"COUNT(*) FILTER (WHERE {p}_resolved) AS {p}_resolved",
            f"COUNT(*) FILTER (WHERE {p}_resolved AND within_due IS NOT NULL) AS {p}_measured",
            f"COUNT(*) FILTER (WHERE {p}_resolved AND within_due) AS {p}_within",
            f"COUNT(*) FILTER (WHERE {p}_resolved AND reopened) AS {p}_reopened",
            f"PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY first_hours) FILTER (WHERE {p}_resolved)"
            f" AS {p}_first",
            f"PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY resolution_hours)"
            f" FILTER (WHERE {p}_resolved) AS {p}_resolution",
        ]
    return ", ".join(parts)


def _pqr_figures(scope: Scope, filters: DashboardFilters, previous: DashboardFilters):
    reopened = PqrEvent.objects.filter(
        pqr=OuterRef("pk"), kind=EventKind.STATUS, new_value=Status.REABIERTO
    )
    inner = (
        Pqr.objects.filter(scope.q(), filters.scope_q())
        .alias(done_at=Coalesce("resolved_at", "closed_at"))
        .annotate(**_flags(filters, previous))
        .filter(received_at__lt=filters.end_before)
        .filter(Q(status__in=OPEN_STATUSES) | Q(done_at__gte=previous.start_at))
        .values(
            "cur_open",
            "prev_open",
            "cur_resolved",
            "prev_resolved",
            agent_key=F("assigned_to_id"),
            team_key=F("team_id"),
            within_due=F("resolved_within_due"),
            first_hours=F("first_response_business_hours"),
            resolution_hours=F("resolution_business_hours"),
            reopened=Exists(reopened),
        )
    )
    return grouping_sets(inner, GROUPS, _pqr_sql())


def _csat_figures(scope: Scope, filters: DashboardFilters, previous: DashboardFilters):
    prefix = "survey__pqr__"
    inner = SurveyResponse.objects.filter(
        scope.q(prefix=prefix),
        filters.scope_q(prefix=prefix),
        answered_at__gte=previous.start_at,
        answered_at__lt=filters.end_before,
    ).values(
        "score",
        agent_key=F(f"{prefix}assigned_to_id"),
        team_key=F(f"{prefix}team_id"),
        cur=ExpressionWrapper(filters.period_q("answered_at"), output_field=BooleanField()),
    )
    sql = ", ".join(
        f"COUNT(*) FILTER (WHERE {cond}) AS {p}_answers, "
        f"COUNT(*) FILTER (WHERE {cond} AND score >= 4) AS {p}_satisfied"
        for p, cond in (("cur", "cur"), ("prev", "NOT cur"))
    )
    return grouping_sets(inner, GROUPS, sql)


FIGURES = ("open", "resolved", "on_time", "first", "resolution", "csat", "reopen")


def _figures(row: dict, csat: dict, p: str) -> dict:
    def num(value):
        return None if value is None else round(float(value), 1)

    return {
        "open": row.get(f"{p}_open", 0),
        "resolved": row.get(f"{p}_resolved", 0),
        "on_time": num(percent(row.get(f"{p}_within"), row.get(f"{p}_measured"))),
        "first": num(row.get(f"{p}_first")),
        "resolution": num(row.get(f"{p}_resolution")),
        "csat": num(percent(csat.get(f"{p}_satisfied"), csat.get(f"{p}_answers"))),
        "reopen": num(percent(row.get(f"{p}_reopened"), row.get(f"{p}_resolved"))),
    }


def _compare(row: dict, csat: dict) -> dict[str, dict]:
    """Each figure with its previous value and the change (None when either is None)."""
    now, before = _figures(row, csat, "cur"), _figures(row, csat, "prev")
    result = {}
    for name in FIGURES:
        a, b = now[name], before[name]
        change = None if a is None or b is None else round(a - b, 1)
        result[name] = {"value": a, "previous": b, "change": change}
    return result


@dataclass(frozen=True)
class Scorecard:
    start: date
    end: date
    previous_start: date
    previous_end: date
    agents: list[dict]
    teams: list[dict]
    total: dict | None
    scope: Scope


def scorecard(*, filters: DashboardFilters, user) -> Scorecard:
    """Every figure of the page in a fixed number of queries (scope, two aggregates,
    the names of the agents and teams that appear)."""
    scope = scorecard_scope(user)
    p_start, p_end = previous_period(filters.start, filters.end)
    previous = replace(filters, start=p_start, end=p_end, preset="custom")
    if scope.supervises_nothing:
        return Scorecard(filters.start, filters.end, p_start, p_end, [], [], None, scope)
    pqrs = _pqr_figures(scope, filters, previous)
    csat = _csat_figures(scope, filters, previous)
    csat_by = {
        name: {row[GROUPS[name][0]] if GROUPS[name] else None: row for row in rows}
        for name, rows in csat.items()
    }
    keys = {
        name: {row[GROUPS[name][0]] for row in pqrs[name]} | set(csat_by[name])
        for name in ("agent", "team")
    }
    people = (
        get_user_model()
        .objects.filter(pk__in=keys["agent"] - {None})
        .only("first_name", "last_name", "username")
    )
    names = {u.pk: u.get_full_name() or u.username for u in people}
    teams = dict(Team.objects.filter(pk__in=keys["team"] - {None}).values_list("pk", "name"))
    rows_by = {
        name: {row[GROUPS[name][0]]: row for row in pqrs[name]} for name in ("agent", "team")
    }

    def rows(name: str, labels: dict) -> list[dict]:
        found = [
            {
                "key": key,
                "label": labels.get(key, ""),
                **_compare(rows_by[name].get(key, {}), csat_by[name].get(key, {})),
            }
            for key in keys[name]
            if key is not None
        ]
        return sorted(found, key=lambda r: r["label"].lower())

    total_row = pqrs["total"][0] if pqrs["total"] else {}
    total_csat = csat_by["total"].get(None, {})
    return Scorecard(
        filters.start,
        filters.end,
        p_start,
        p_end,
        agents=rows("agent", names),
        teams=rows("team", teams) if scope.agent_id is None else [],
        total=_compare(total_row, total_csat) if scope.agent_id is None else None,
        scope=scope,
    )
