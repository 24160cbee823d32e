"""The legal reports' figures from the rollup (dashboards.rollups_reports) are the
figures counted live: the PQRS report's tables and list sizes, the information summary."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.filters import DashboardFilters
from dashboards.models import DailyReportOutcomes
from dashboards.reports import (
    INFORMATION_TYPE_CODES,
    information_summary,
    pqrs_report,
)
from dashboards.rollups import rollups_refresh
from dashboards.rollups_reports import information_figures, pqrs_figures
from pqr.models import OPEN_STATUSES, Pqr, PqrType
from tests.dashboards.analytics_data import at, new_pqr, resolve, showcase

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(supervisor):
    """Two semesters of varied PQRs; the rollup refreshed ten minutes ago, then one
    PQR received since (counted live) and one answered since (shown at the next refresh)."""
    today = timezone.localdate()
    teams = showcase(
        supervisor=supervisor,
        first_day=date(2026, 3, 2),
        last_day=today - timedelta(days=1),
        count=120,
    )
    rollups_refresh(days_back=2, now=timezone.now() - timedelta(minutes=10))
    team, agent = teams[0]
    late = new_pqr(team=team, agent=agent, received=today, type_code="peticion_informacion")
    Pqr.objects.filter(pk=late.pk).update(received_at=timezone.now())
    pending = Pqr.objects.filter(
        status__in=OPEN_STATUSES,
        received_at__range=(at(date(2026, 7, 2)), at(today)),
        pqr_type__requires_protocol=False,
    ).first()
    resolve(pending, on=today, days=4, within_legal=False)
    return {"teams": teams, "supervisor": supervisor, "today": today}


def _cases(filters, figures=None):
    report = pqrs_report(filters, case_limit=1, figures=figures)
    return [(t.key, t.headers, t.all_rows(), t.count, t.truncated) for t in report["tables"]]


@pytest.mark.parametrize("scope", ["all", "team", "api_teams", "info_type"])
def test_rollup_figures_equal_the_live_count(office, scope):
    team = office["teams"][0][0]
    info = PqrType.objects.get(code="peticion_informacion")
    narrow = {
        "all": {},
        "team": {"team": team},
        "api_teams": {"team_ids": (team.pk, office["teams"][1][0].pk)},
        "info_type": {"pqr_type": info},
    }[scope]
    filters = DashboardFilters(
        start=date(2026, 7, 1), end=office["today"], user=office["supervisor"], **narrow
    )
    # The rollup holds the PQRs as they stood at the refresh: rebuild it now.
    rollups_refresh(days_back=2)
    assert DailyReportOutcomes.objects.exists()
    if scope != "info_type":
        live = _cases(filters)
        assert live == _cases(filters, pqrs_figures(filters))
        assert any(count and count > 1 for _k, _h, _r, count, _t in live)
    rolled, _computed_at = information_figures(filters, INFORMATION_TYPE_CODES)
    summary = information_summary(filters)
    assert summary["received"] > 0
    assert set(rolled) == set(summary)
    assert {key: rolled[key] for key in summary if key != "avg_days"} == {
        key: value for key, value in summary.items() if key != "avg_days"
    }
    assert round(rolled["avg_days"], 1) == summary["avg_days"]


def test_figures_since_the_refresh_are_counted_live(office):
    """The PQR received after the refresh and the one answered after it: the live
    tail counts the first; the second shows as pending until the next refresh."""
    filters = DashboardFilters(
        start=date(2026, 7, 1), end=office["today"], user=office["supervisor"]
    )
    rolled = pqrs_figures(filters)["grouped"]["total"][0]
    live = pqrs_report(filters)["totals"]
    assert rolled["received"] == live["received"]
    assert rolled["pending"] == live["pending"] + 1
    rollups_refresh(days_back=2)
    assert pqrs_figures(filters)["grouped"]["total"][0]["pending"] == live["pending"]


def test_report_pages_show_the_rollup_figures_and_their_time(office, supervisor_client):
    rollups_refresh(days_back=2)
    params = {"preset": "custom", "start": "2026-07-01", "end": office["today"].isoformat()}
    for name in ("report_pqrs", "report_information"):
        response = supervisor_client.get(reverse(f"dashboards:{name}"), params)
        assert response.status_code == 200
        assert 'data-testid="rollup-age"' in response.content.decode()


def test_a_refresh_rewrites_only_the_rows_that_changed(office):
    """Every refresh computes the whole table but leaves unchanged days alone (no table
    full of dead rows every five minutes)."""
    rollups_refresh(days_back=2)
    before = set(DailyReportOutcomes.objects.values_list("pk", flat=True))
    assert rollups_refresh(days_back=2)["reports"] == 0
    assert set(DailyReportOutcomes.objects.values_list("pk", flat=True)) == before
    answered = Pqr.objects.filter(
        status__in=OPEN_STATUSES,
        received_at__lt=at(office["today"]),
        pqr_type__requires_protocol=False,
    ).first()
    resolve(answered, on=office["today"], days=2, within_legal=True)
    written = rollups_refresh(days_back=2)["reports"]
    assert 0 < written <= 4  # its day's total, type, channel and cause rows
    assert len(before - set(DailyReportOutcomes.objects.values_list("pk", flat=True))) == written


def test_the_rollup_keys_carry_extended_statistics():
    """Without them the planner expects ~100x more groups than a period has and sorts the
    semester's rows on disk (docs/performance.md, "PQRS report: the rollup's statistics")."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stxkind FROM pg_statistic_ext WHERE stxname = 'dash_report_keys_stats'"
        )
        assert cursor.fetchall() == [(["d"],)]
