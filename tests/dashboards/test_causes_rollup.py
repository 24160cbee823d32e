"""The causes page read from the daily rollup (past days) plus a live count of today
gives the figures of a direct count of the PQRs and answers, whatever the filters."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Avg, Count, F, Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards.filters import DashboardFilters
from dashboards.models import DailyCauseCounts, RollupStatus
from dashboards.rollups import HISTORY_DAYS, rollups_refresh
from dashboards.selectors_causes import anger_change, causes_dashboard, moments_of_truth, pareto
from pqr.catalogues import ROOT_CAUSE_REQUIRED_CODES
from pqr.models import Pqr, PqrType, RootCause, Team
from surveys.models import SurveyResponse
from tests.dashboards.analytics_data import at, showcase

pytestmark = pytest.mark.django_db


def _today(minutes: int = 0):
    """An instant earlier today (between midnight and now)."""
    midnight = at(timezone.localdate(), 0)
    return midnight + (timezone.now() - midnight) / 2 + timedelta(minutes=minutes) / 1000


def _direct(filters) -> dict:
    """The figures straight from the PQR and answer tables (the pre-rollup queries)."""
    resolved = filters.pqrs(date_field="resolved_at")
    causes = (
        resolved.filter(pqr_type__code__in=ROOT_CAUSE_REQUIRED_CODES, root_cause__isnull=False)
        .values_list("root_cause")
        .annotate(n=Count("id"))
    )
    received = filters.pqrs(date_field="received_at").filter(moment_of_truth__isnull=False)
    moments = received.values_list("moment_of_truth").annotate(
        n=Count("id"), c=Count("id", filter=Q(pqr_type__code__in=ROOT_CAUSE_REQUIRED_CODES))
    )
    means = (
        SurveyResponse.objects.filter(
            filters.scope_q(prefix="survey__pqr__"),
            filters.period_q("answered_at"),
            survey__pqr__moment_of_truth__isnull=False,
        )
        .values_list(F("survey__pqr__moment_of_truth"))
        .annotate(mean=Avg("score"), rated=Count("id"))
    )
    rated = {pk: (round(float(mean), 2), n) for pk, mean, n in means}
    angry = resolved.filter(anger_level_at_intake__isnull=False, anger_level__isnull=False)
    anger = angry.aggregate(
        total=Count("id"),
        calmer=Count("id", filter=Q(anger_level__lt=F("anger_level_at_intake"))),
        same=Count("id", filter=Q(anger_level=F("anger_level_at_intake"))),
        angrier=Count("id", filter=Q(anger_level__gt=F("anger_level_at_intake"))),
        mean_intake=Avg("anger_level_at_intake"),
        mean_resolution=Avg("anger_level"),
    )
    for key in ("mean_intake", "mean_resolution"):
        anger[key] = round(float(anger[key]), 2) if anger[key] is not None else None
    return {
        "causes": dict(causes),
        "moments": {pk: (n, c, *rated.get(pk, (None, 0))) for pk, n, c in moments},
        "anger": anger,
        "intake": dict(angry.values_list("anger_level_at_intake").annotate(n=Count("id"))),
        "final": dict(angry.values_list("anger_level").annotate(n=Count("id"))),
    }


def _shown(filters) -> dict:
    data = causes_dashboard(filters)
    moments = {
        m["id"]: (m["count"], m["complaints"], m["mean"], m["rated"])
        for m in data["moments"]["moments"]
        if m["count"]
    }
    anger = data["anger"]
    levels = anger["levels"]
    return {
        "causes": {row["root_cause"]: row["count"] for row in data["pareto"]},
        "moments": moments,
        "anger": {key: anger[key] for key in ("total", "calmer", "same", "angrier")}
        | {key: anger[key] for key in ("mean_intake", "mean_resolution")},
        "intake": {row["level"]: row["intake"] for row in levels if row["intake"]},
        "final": {row["level"]: row["resolution"] for row in levels if row["resolution"]},
    }


@pytest.fixture
def office(supervisor):
    """Varied data over 40 days; a fifth of the PQRs and answers moved to today, which
    the rollup does not hold (it is counted live)."""
    today = timezone.localdate()
    teams = showcase(
        supervisor=supervisor,
        first_day=today - timedelta(days=40),
        last_day=today - timedelta(days=1),
        count=60,
    )
    rng = random.Random(11)
    for pqr in Pqr.objects.order_by("pk"):
        if rng.random() < 0.2:
            moved = {"received_at": _today(1)}
            if pqr.resolved_at is not None:
                moved["resolved_at"] = _today(2)
            Pqr.objects.filter(pk=pqr.pk).update(**moved)
    for response in SurveyResponse.objects.order_by("pk"):
        if rng.random() < 0.2:
            SurveyResponse.objects.filter(pk=response.pk).update(answered_at=_today(3))
    rollups_refresh(days_back=HISTORY_DAYS)
    return {"teams": teams, "supervisor": supervisor, "today": today}


def _filters(office, **kwargs) -> DashboardFilters:
    today = office["today"]
    values = {"start": today - timedelta(days=35), "end": today, "user": office["supervisor"]}
    return DashboardFilters(**(values | kwargs))


def _narrow(office, name):
    team, agent = office["teams"][0]
    other = Team.objects.exclude(pk=team.pk).filter(pqrs__isnull=False).first()
    return {
        "all": {},
        "team": {"team": team},
        "api_teams": {"team_ids": (team.pk, other.pk)},
        "type": {"pqr_type": PqrType.objects.get(code="queja")},
        "channel": {"channel": "email"},
        "agent": {"user": agent, "agent_only": True},
        "past_only": {"end": office["today"] - timedelta(days=1)},
        "today_only": {"start": office["today"]},
    }[name]


@pytest.mark.parametrize(
    "narrow", ["all", "team", "api_teams", "type", "channel", "agent", "past_only", "today_only"]
)
def test_causes_figures_from_the_rollup_match_a_direct_count(office, narrow):
    filters = _filters(office, **_narrow(office, narrow))
    direct = _direct(filters)
    assert _shown(filters) == direct
    if narrow in ("all", "team"):
        assert direct["causes"]
        assert direct["moments"]
        assert direct["anger"]["total"]


def test_counted_facts_come_from_the_rollup_and_later_ones_live(office):
    """A correction to a PQR already counted (an old one, or one resolved earlier
    today) shows after the next refresh; a PQR resolved since the refresh counts at
    once, and nothing is counted twice."""
    today = office["today"]
    filters = _filters(office)
    before = {row["root_cause"]: row["count"] for row in pareto(filters)}
    cause = RootCause.objects.get(code="tercero")
    old = Pqr.objects.filter(
        pqr_type__code="queja", resolved_at__lt=at(today - timedelta(days=3), 0)
    ).first()
    Pqr.objects.filter(pk=old.pk).update(root_cause=cause)
    earlier = Pqr.objects.filter(
        pqr_type__code__in=ROOT_CAUSE_REQUIRED_CODES,
        resolved_at__gte=at(today, 0),
        resolved_at__lt=timezone.now(),
    ).exclude(root_cause=cause)
    assert earlier.exists()
    Pqr.objects.filter(pk=earlier.first().pk).update(root_cause=cause)
    new = Pqr.objects.filter(pqr_type__code="reclamo").exclude(pk=old.pk).first()
    Pqr.objects.filter(pk=new.pk).update(resolved_at=timezone.now(), root_cause=cause)
    after = {row["root_cause"]: row["count"] for row in pareto(filters)}
    assert after.get(cause.pk, 0) == before.get(cause.pk, 0) + 1  # the new one only
    rollups_refresh(days_back=2)  # today's correction, and the new one from the rows
    after = {row["root_cause"]: row["count"] for row in pareto(filters)}
    assert after.get(cause.pk, 0) == before.get(cause.pk, 0) + 2
    from dashboards.rollups import daily_stats_rebuild_history

    daily_stats_rebuild_history()
    assert _shown(filters) == _direct(filters)


def test_facts_since_the_refresh_are_counted_once_with_the_rollup(office):
    """PQRs received and resolved and answers given after the refresh: the page adds
    them to the rollup's figures and still equals a direct count of every table."""
    from pqr.models import MomentOfTruth
    from tests.dashboards.analytics_data import answer, new_pqr, resolve

    today = office["today"]
    team, agent = office["teams"][0]
    moment = MomentOfTruth.objects.filter(is_active=True).order_by("pk").first()
    customer = Pqr.objects.exclude(customer=None).order_by("pk").first().customer
    before = moments_of_truth(_filters(office))["total"]
    for type_code, cause, score in (("queja", "olvido", 2), ("reclamo", "tercero", 5)):
        pqr = new_pqr(
            team=team, agent=agent, received=today, type_code=type_code,
            customer=customer, moment=moment, anger=4,
        )  # fmt: skip
        Pqr.objects.filter(pk=pqr.pk).update(received_at=timezone.now())
        resolve(pqr, on=today, cause=cause, anger=2)
        Pqr.objects.filter(pk=pqr.pk).update(resolved_at=timezone.now())
        response = answer(pqr, score, today)
        SurveyResponse.objects.filter(pk=response.pk).update(answered_at=timezone.now())
    assert moments_of_truth(_filters(office))["total"] == before + 2
    for narrow in ("all", "team", "type", "today_only"):
        filters = _filters(office, **_narrow(office, narrow))
        assert _shown(filters) == _direct(filters)
    assert _shown_repeat(_filters(office)) == _direct_repeat(_filters(office))


def test_before_the_history_is_built_every_day_is_counted_live(office):
    RollupStatus.objects.update(causes_history=False)
    DailyCauseCounts.objects.all().delete()
    filters = _filters(office)
    assert _shown(filters) == _direct(filters)
    assert pareto(filters)


def test_single_figures_agree_with_the_bundle(office):
    filters = _filters(office)
    data = causes_dashboard(filters)
    assert pareto(filters) == data["pareto"]
    assert moments_of_truth(filters)["total"] == data["moments"]["total"]
    assert anger_change(filters) == data["anger"]


# Session, user, roles, filter bar catalogues... plus one query for Pareto, moments and
# anger together (the causes page had 15 before the rollup).
PAGE_QUERIES = {"dashboards:causes": 13, "dashboards:sla": 12}


@pytest.mark.parametrize("page", ["dashboards:causes", "dashboards:sla"])
def test_page_queries_do_not_grow_with_the_period(
    office, supervisor_client, page, django_assert_max_num_queries
):
    """Last 30 days, this semester and 18 months: the same queries."""
    today = office["today"]
    counts = []
    for days in (29, 180, 548):
        start = (today - timedelta(days=days)).isoformat()
        params = {"preset": "custom", "start": start, "end": today.isoformat()}
        with CaptureQueriesContext(connection) as ctx:
            assert supervisor_client.get(reverse(page), params).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] == counts[2]
    with django_assert_max_num_queries(PAGE_QUERIES[page]):
        supervisor_client.get(reverse(page), {"preset": "semester"})


def test_customers_without_tags_are_left_out_of_the_tagged_table(office, supervisor_client):
    """The showcase tags four customers; the others (with PQRs in the period) have no
    tag at all and must neither appear nor break the page."""
    from customers.models import CustomerTagAssignment

    tagged = set(
        CustomerTagAssignment.objects.filter(removed_at__isnull=True).values_list(
            "customer", flat=True
        )
    )
    filters = _filters(office)
    untagged = filters.pqrs().exclude(customer__in=tagged).exclude(customer=None)
    assert untagged.exists()
    data = causes_dashboard(filters)["tags"]
    assert all(row["tag"] is not None for row in data["by_tag"])
    assert sum(row["customers"] for row in data["by_tag"]) == len(
        {c for c in filters.pqrs().values_list("customer", flat=True) if c in tagged}
    )
    page = supervisor_client.get(reverse("dashboards:causes"))
    assert page.status_code == 200


def _direct_repeat(filters, limit=20) -> list[tuple[int, int]]:
    """The pre-rollup query: customers with 3+ PQRs in the 90 days to the period end."""
    import dataclasses

    from dashboards.selectors_causes import repeat_window

    start, end = repeat_window(filters)
    window = dataclasses.replace(filters, start=start, end=end)
    rows = (
        window.pqrs(date_field="received_at")
        .filter(customer__isnull=False)
        .values("customer")
        .annotate(count=Count("id"))
        .filter(count__gte=3)
        .order_by("-count", "customer")[:limit]
        .values_list("customer", "count")
    )
    return sorted(rows)


def _shown_repeat(filters) -> list[tuple[int, int]]:
    from dashboards.selectors_causes import repeat_complainants

    return sorted((row["customer"], row["count"]) for row in repeat_complainants(filters))


@pytest.mark.parametrize("narrow", ["all", "team", "api_teams", "type", "agent", "past_only"])
def test_repeat_complainants_match_a_direct_count(office, narrow):
    filters = _filters(office, **_narrow(office, narrow))
    assert _shown_repeat(filters) == _direct_repeat(filters)
    if narrow == "all":
        assert len(_direct_repeat(filters)) >= 3


def test_repeat_rows_keep_every_customer_that_today_can_lift_into_the_top(office, monkeypatch):
    """With a top of 2, a customer far below it in the stored rows who files PQRs
    after the refresh enters the list at once; the others stay exact."""
    from customers.models import Customer
    from dashboards import rollups_causes
    from dashboards.models import RepeatCustomerCounts
    from tests.pqr.factories import make_pqr

    monkeypatch.setattr(rollups_causes, "REPEAT_TOP", 2)
    rollups_refresh(days_back=2)
    filters = _filters(office)
    stored = RepeatCustomerCounts.objects.filter(team=None)
    top = stored.filter(top=True)
    lowest = stored.filter(top=False).order_by("count", "customer").first()
    outsider = Customer.objects.get(pk=lowest.customer_id)
    needed = max(top.values_list("count", flat=True)) + 1
    team = office["teams"][0][0]
    for _ in range(needed):
        make_pqr(team=team, customer=outsider)  # received now, after the refresh
    expected = _direct_repeat(filters, limit=2)
    assert outsider.pk in {customer for customer, _n in expected}
    assert _shown_repeat(filters) == expected
    team = _filters(office, team=team)
    assert _shown_repeat(team) == _direct_repeat(team, limit=2)


def test_repeat_counts_of_past_days_come_from_the_refresh_rows(office):
    from dashboards.models import RepeatCustomerCounts

    filters = _filters(office)
    before = _shown_repeat(filters)
    assert RepeatCustomerCounts.objects.filter(team=None).exists()
    RepeatCustomerCounts.objects.all().delete()
    assert _shown_repeat(filters) != before
