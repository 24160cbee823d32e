"""The SLA page's breakdowns read from the pre-summed rollups (open PQRs per team and
agent/type/channel, resolved outcomes per day, team and agent) match a direct count of
the PQR table, with and without team scoping, and follow a reassignment at once."""

from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from dashboards import selectors_sla
from dashboards.filters import DashboardFilters
from dashboards.models import OpenSlaCounts
from dashboards.rollups import rollups_refresh
from pqr.models import OPEN_STATUSES
from pqr.services import pqr_assign
from tests.factories import UserFactory

from .test_rollups import _scramble

pytestmark = pytest.mark.django_db

KEYS = {"team": "team", "agent": "assigned_to", "pqr_type": "pqr_type", "channel": "channel"}


def _direct_breaches(filters, now) -> dict[str, dict]:
    """Per dimension value: (resolved late in the period, open and past the due date)."""
    open_late = filters.pqrs(date_field=None).filter(
        status__in=OPEN_STATUSES, term_suspended=False, due_at__lt=now
    )
    resolved_late = filters.pqrs(date_field="resolved_at").filter(resolved_within_due=False)
    result = {}
    for dimension, column in KEYS.items():
        late = dict(resolved_late.values_list(column).annotate(n=Count("pk")).order_by())
        still = dict(open_late.values_list(column).annotate(n=Count("pk")).order_by())
        result[dimension] = {
            key: (late.get(key, 0), still.get(key, 0)) for key in set(late) | set(still)
        }
    return result


def _shown_breaches(data) -> dict[str, dict]:
    return {
        dimension: {
            row[KEYS[dimension]]: (row["resolved_late"], row["still_open"])
            for row in data.breaches[dimension]
        }
        for dimension in KEYS
    }


@pytest.fixture
def scrambled(office):
    _scramble(office, seed=3)
    rollups_refresh(days_back=60, now=office.now)
    return office


def _filters(office, **kwargs):
    today = timezone.localdate(office.now)
    return DashboardFilters(start=today - timedelta(days=25), end=today, **kwargs)


@pytest.mark.parametrize("narrow", ["all", "team", "api_teams", "channel"])
def test_breakdowns_match_a_direct_count(scrambled, narrow):
    office = scrambled
    kwargs = {
        "all": {},
        "team": {"team": office.team_b},
        "api_teams": {"team_ids": (office.team_a.pk,)},
        "channel": {"channel": "web"},
    }[narrow]
    filters = _filters(office, **kwargs)
    data = selectors_sla.sla_dashboard(filters=filters, now=office.now)
    direct = _direct_breaches(filters, office.now)
    assert _shown_breaches(data) == direct
    assert any(direct["agent"].values())
    open_qs = filters.pqrs(date_field=None).filter(status__in=OPEN_STATUSES)
    by_status = dict(open_qs.values_list("status").annotate(n=Count("pk")).order_by())
    assert {s: n for _label, s, n in data.open["by_status"] if n} == by_status
    assert data.open["total"] == open_qs.count()
    assert (
        data.open["legal_overdue"]
        == open_qs.filter(Q(term_suspended=False, legal_due_at__lt=office.now)).count()
    )


def test_the_page_reads_the_pre_summed_rows(scrambled):
    """Without a type, channel or agent filter the open figures come from
    OpenSlaCounts: emptying it empties them."""
    filters = _filters(scrambled)
    assert selectors_sla.sla_dashboard(filters=filters, now=scrambled.now).open["total"] > 0
    OpenSlaCounts.objects.all().delete()
    assert selectors_sla.sla_dashboard(filters=filters, now=scrambled.now).open["total"] == 0


def test_a_reassignment_moves_the_open_breaches_at_once(office):
    filters = _filters(office)
    before = _shown_breaches(selectors_sla.sla_dashboard(filters=filters, now=office.now))
    assert before["agent"][office.agent_b.pk][1] == 1  # p3, overdue
    newcomer = UserFactory(username="nuevo.b", role="Agente", first_name="Nora", last_name="Paz")
    office.team_b.members.add(newcomer)
    pqr_assign(pqr=office.pqrs["p3"], actor=office.agent, assigned_to=newcomer)
    after = _shown_breaches(selectors_sla.sla_dashboard(filters=filters, now=office.now))
    assert office.agent_b.pk not in after["agent"]
    assert after["agent"][newcomer.pk] == (0, 1)
    assert after["team"] == before["team"]


@pytest.mark.parametrize("narrow", ["all", "team"])
def test_weekly_compliance_and_totals_match_a_direct_count(scrambled, narrow):
    from django.db.models.functions import TruncWeek

    office = scrambled
    filters = _filters(office, **({"team": office.team_a} if narrow == "team" else {}))
    data = selectors_sla.sla_dashboard(filters=filters, now=office.now)
    resolved = filters.pqrs(date_field="resolved_at").filter(resolved_within_due__isnull=False)
    weeks = (
        resolved.annotate(week=TruncWeek("resolved_at", tzinfo=timezone.get_current_timezone()))
        .values_list("week")
        .annotate(n=Count("pk"), within=Count("pk", filter=Q(resolved_within_due=True)))
        .order_by("week")
    )
    direct = [(week.date(), n, 100.0 * within / n) for week, n, within in weeks]
    assert [(r["week"], r["resolved"], r["due_rate"]) for r in data.weekly] == direct
    assert data.outcomes["received"] == filters.pqrs().count()
    assert data.outcomes["breached_due"] == resolved.filter(resolved_within_due=False).count()


def test_the_period_figures_come_from_the_marginal_rows(scrambled):
    from dashboards.models import DailyOutcomeMarginals

    filters = _filters(scrambled)
    assert selectors_sla.sla_dashboard(filters=filters, now=scrambled.now).outcomes["received"]
    DailyOutcomeMarginals.objects.all().delete()
    outcomes = selectors_sla.sla_dashboard(filters=filters, now=scrambled.now).outcomes
    assert outcomes["received"] == 0
