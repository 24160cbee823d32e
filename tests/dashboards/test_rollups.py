"""The rollups give the same figures as aggregating the PQR table directly."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from dashboards import selectors_sla, selectors_workload
from dashboards.filters import DashboardFilters
from dashboards.models import DailyPqrStats
from dashboards.periods import DueWindows, age_boundaries
from dashboards.rollups import rollups_refresh
from pqr.models import OPEN_STATUSES, Pqr, Status
from sla.selectors import calendar_get

from .fixtures import _at, _set, add_noise


def _scramble(office, seed=7):
    """More PQRs in random states, dates and outcomes."""
    add_noise(office, 24)
    rng = random.Random(seed)
    today = timezone.localdate(office.now)
    for pqr in Pqr.objects.order_by("pk")[7:]:
        status = rng.choice([*OPEN_STATUSES, Status.RESUELTO, Status.CERRADO, Status.TRASLADADO])
        resolved = status in (Status.RESUELTO, Status.CERRADO)
        _set(
            pqr,
            status=status,
            channel=rng.choice(["email", "web", "chat"]),
            filed_on=today - timedelta(days=rng.randint(0, 40)),
            due_at=office.now + timedelta(hours=rng.randint(-300, 200)),
            legal_due_at=office.now + timedelta(hours=rng.randint(-200, 400)),
            resolved_at=_at(today - timedelta(days=rng.randint(0, 30))) if resolved else None,
            resolution_business_hours=Decimal(rng.randint(1, 90)) if resolved else None,
            resolved_within_due=rng.choice([True, False, None]) if resolved else None,
            resolved_within_legal=rng.choice([True, False]) if resolved else None,
        )


def _direct(filters, now):
    """The figures straight from pqr_pqr, the way a reader would count them."""
    cal = calendar_get()
    windows = DueWindows.build(cal, now=now)
    five, ten, fifteen = age_boundaries(cal, timezone.localdate(now))
    open_qs = filters.pqrs(date_field=None).filter(status__in=OPEN_STATUSES)
    running = Q(status__in=OPEN_STATUSES, term_suspended=False)
    filed = Q(filed_on__isnull=False)
    resolved = filters.pqrs(date_field="resolved_at")
    return {
        "open": open_qs.aggregate(
            total=Count("pk"),
            overdue=Count("pk", filter=running & Q(due_at__lt=now)),
            due_today=Count("pk", filter=running & Q(due_at__gte=now, due_at__lt=windows.tomorrow)),
            due_next3=Count(
                "pk",
                filter=running & Q(due_at__gte=windows.tomorrow, due_at__lt=windows.after_next3),
            ),
            legal_overdue=Count("pk", filter=running & Q(legal_due_at__lt=now)),
        ),
        "ages": open_qs.aggregate(
            age_0_5=Count("pk", filter=filed & Q(filed_on__gte=five)),
            age_6_10=Count("pk", filter=filed & Q(filed_on__lt=five, filed_on__gte=ten)),
            age_11_15=Count("pk", filter=filed & Q(filed_on__lt=ten, filed_on__gte=fifteen)),
            age_over_15=Count("pk", filter=filed & Q(filed_on__lt=fifteen)),
        ),
        "period": {
            "received": filters.pqrs().count(),
            "resolved": resolved.filter(resolution_business_hours__isnull=False).count(),
            "due_measured": resolved.filter(resolved_within_due__isnull=False).count(),
            "within_due": resolved.filter(resolved_within_due=True).count(),
            "legal_measured": resolved.filter(resolved_within_legal__isnull=False).count(),
            "within_legal": resolved.filter(resolved_within_legal=True).count(),
        },
    }


@pytest.mark.parametrize("narrow", [{}, {"channel": "web"}, {"team": "b"}, {"agent": True}])
def test_rollups_match_direct_aggregation(office, narrow):
    _scramble(office)
    rollups_refresh(days_back=60, now=office.now)
    today = timezone.localdate(office.now)
    kwargs = {"start": today - timedelta(days=25), "end": today - timedelta(days=1)}
    if narrow.get("channel"):
        kwargs["channel"] = narrow["channel"]
    if narrow.get("team"):
        kwargs["team"] = office.team_b
    if narrow.get("agent"):
        kwargs.update(user=office.agent2, agent_only=True)
    filters = DashboardFilters(**kwargs)
    direct = _direct(filters, office.now)
    data = selectors_sla.sla_dashboard(filters=filters, now=office.now)
    for key, value in direct["open"].items():
        assert data.open[key] == value, key
    for key, value in direct["period"].items():
        assert data.outcomes[key] == value, key
    totals = selectors_workload.workload(filters=filters, cal=calendar_get()).totals
    for key, value in direct["ages"].items():
        assert totals[key] == value, key
    assert direct["period"]["received"] > 0


def test_refreshing_a_range_replaces_only_those_days(office):
    today = timezone.localdate(office.now)
    before = DailyPqrStats.objects.filter(day__lt=today - timedelta(days=2)).count()
    assert before > 0
    Pqr.objects.filter(pk=office.pqrs["p7"].pk).update(channel="chat")
    rollups_refresh(days_back=2, now=office.now)
    assert DailyPqrStats.objects.filter(day__lt=today - timedelta(days=2)).count() == before
    assert DailyPqrStats.objects.filter(channel="chat", received=1).exists()


def test_team_table_holds_the_agent_table_summed_over_agents(office):
    from django.db.models import Sum

    from dashboards.models import DailyTeamStats

    _scramble(office)
    rollups_refresh(days_back=60, now=office.now)
    fields = ("received", "resolved", "due_measured", "within_due", "within_legal")
    keys = ("day", "team", "pqr_type", "channel")

    def summed(model):
        rows = model.objects.values(*keys).annotate(**{f"s_{f}": Sum(f) for f in fields})
        return {tuple(r[k] for k in keys): tuple(r[f"s_{f}"] for f in fields) for r in rows}

    assert summed(DailyTeamStats) == summed(DailyPqrStats)
    assert len(summed(DailyTeamStats)) > 3
