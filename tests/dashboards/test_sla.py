"""The SLA dashboard against the hand-computed office of tests/dashboards/fixtures.py."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards import selectors_sla
from dashboards.filters import DashboardFilters
from dashboards.rollups import rollups_refresh

from .fixtures import add_noise


def _filters(office, **kwargs):
    today = timezone.localdate(office.now)
    values = {"start": today - timedelta(days=20), "end": today, "user": None}
    values.update(kwargs)
    return DashboardFilters(**values)


def _data(office, **kwargs):
    return selectors_sla.sla_dashboard(filters=_filters(office, **kwargs), now=office.now)


def _metric(html: str, name: str) -> str:
    match = re.search(rf'data-metric="{name}">([^<]*)<', html)
    assert match, name
    return match.group(1).strip()


def _range(office):
    today = timezone.localdate(office.now)
    return {"preset": "custom", "start": (today - timedelta(days=20)).isoformat(), "end": today}


def test_open_now_counts_states_and_due_windows(office):
    data = _data(office)
    by_status = {code: n for _label, code, n in data.open["by_status"]}
    assert by_status == {
        "radicado": 1,
        "asignado": 1,
        "en_tramite": 1,
        "en_espera_cliente": 1,
        "reabierto": 0,
    }
    assert data.open["total"] == 4
    # p4 is past its date too, but its clock is suspended while waiting for the customer.
    assert (data.open["overdue"], data.open["due_today"], data.open["due_next3"]) == (1, 1, 1)
    assert data.open["legal_overdue"] == 1
    assert (data.open["silence_accepted"], data.open["silence_late"]) == (1, 0)


def test_period_compliance_and_business_hour_percentiles(office):
    out = _data(office).outcomes
    assert out["received"] == 7
    assert (out["within_due"], out["due_measured"], out["due_rate"]) == (1, 2, 50.0)
    assert (out["within_legal"], out["legal_measured"], out["legal_rate"]) == (2, 2, 100.0)
    # Both times over the PQRs resolved in the period (p1, p2): first response 2 and 4 h,
    # p90 interpolates 2 + 0.9 * 2.
    assert out["answered"] == 2
    assert out["first_response_median"] == pytest.approx(3.0)
    assert out["first_response_p90"] == pytest.approx(3.8)
    # resolution over p1, p2 = 10, 30 h.
    assert out["resolution_median"] == pytest.approx(20.0)
    assert out["resolution_p90"] == pytest.approx(28.0)


def test_weekly_trend_groups_resolutions_by_monday(office):
    weekly = _data(office).weekly
    p1_day = timezone.localdate(office.now) - timedelta(days=5)
    p2_day = timezone.localdate(office.now) - timedelta(days=4)
    monday = {d: d - timedelta(days=d.weekday()) for d in (p1_day, p2_day)}
    if monday[p1_day] == monday[p2_day]:
        assert [(w["week"], w["due_rate"], w["legal_rate"]) for w in weekly] == [
            (monday[p1_day], 50.0, 100.0)
        ]
    else:
        assert [(w["week"], w["due_rate"]) for w in weekly] == [
            (monday[p1_day], 100.0),
            (monday[p2_day], 0.0),
        ]


def test_breaches_by_team_agent_type_and_channel(office):
    breaches = _data(office).breaches
    flat = {name: {r["label"]: r["breaches"] for r in rows} for name, rows in breaches.items()}
    assert flat["team"] == {"Equipo A": 1, "Equipo B": 1}
    assert flat["agent"] == {"Ana Ruiz": 1, "Beto Gil": 1}
    assert flat["pqr_type"] == {"Queja": 1, "Reclamo": 1}
    assert flat["channel"] == {"Formulario web": 1, "Correo electrónico": 1}


def test_legal_risk_lists_late_first(office):
    risk = _data(office).risk
    # p4's term is suspended (art. 17): counted as paused by the cards, so not listed.
    assert [p.radicado for p in risk] == [office.pqrs[k].radicado for k in ("p6", "p3", "p7")]
    assert risk[0].legal_late
    assert not risk[1].legal_late


def test_team_filter_changes_every_figure(office):
    data = _data(office, team=office.team_b)
    assert data.open["total"] == 3
    assert data.open["overdue"] == 1
    assert data.open["due_today"] == 0
    assert data.outcomes["due_rate"] is None
    assert [r["label"] for r in data.breaches["team"]] == ["Equipo B"]


def test_channel_and_period_filters(office):
    web = _data(office, channel="web")
    assert web.open["total"] == 1
    assert web.outcomes["received"] == 2
    today = timezone.localdate(office.now)
    last_two_days = _data(office, start=today - timedelta(days=1), end=today)
    assert last_two_days.outcomes["received"] == 1
    assert last_two_days.outcomes["resolved"] == 0


def test_supervisor_page_shows_the_figures_and_links_to_the_queue(supervisor_client, office):
    html = supervisor_client.get(reverse("dashboards:sla"), _range(office)).content.decode()
    assert _metric(html, "open") == "4"
    assert _metric(html, "overdue") == "1"
    assert _metric(html, "due-today") == "1"
    assert _metric(html, "due-next3") == "1"
    assert _metric(html, "due-rate") == "50,0 %"
    assert _metric(html, "legal-rate") == "100,0 %"
    assert _metric(html, "first-response-median") == "3,0"
    assert _metric(html, "resolution-p90") == "28,0"
    assert _metric(html, "silence-accepted") == "1"
    assert f"{reverse('pqr:queue')}?due=overdue" in html
    assert office.pqrs["p6"].radicado in html


def test_queue_link_for_next_three_days_lists_the_same_pqrs(supervisor_client, office):
    response = supervisor_client.get(reverse("pqr:queue"), {"due": "next3"})
    rows = [p.radicado for p in response.context["page"].rows]
    assert rows == [office.pqrs["p7"].radicado]
    today = supervisor_client.get(reverse("pqr:queue"), {"due": "today"})
    assert [p.radicado for p in today.context["page"].rows] == [office.pqrs["p6"].radicado]
    overdue = supervisor_client.get(reverse("pqr:queue"), {"due": "overdue"})
    assert [p.radicado for p in overdue.context["page"].rows] == [office.pqrs["p3"].radicado]


def test_agent_sees_only_the_pqrs_assigned_to_them(agent_client, office):
    html = agent_client.get(reverse("dashboards:sla"), _range(office)).content.decode()
    assert 'data-scope="personal"' in html
    assert _metric(html, "open") == "1"  # p6
    assert _metric(html, "overdue") == "0"
    assert _metric(html, "due-today") == "1"
    assert _metric(html, "due-rate") == "100,0 %"  # p1 only
    assert office.pqrs["p3"].radicado not in html
    assert "mine=on" in html


def test_page_query_count_does_not_grow_with_data(supervisor_client, office):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert supervisor_client.get(reverse("dashboards:sla")).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request of a fresh cache refreshes the rollups
    small = count()
    add_noise(office, 30)
    rollups_refresh(days_back=60)
    assert count() == small
    assert small <= 20
