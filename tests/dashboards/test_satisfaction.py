"""Satisfaction dashboard figures against a hand-computed fixture.

October 2026, answered surveys (week of the 5th / 12th / 19th):
  Equipo A, agente.prueba: peticion 5 (courtesy 5, wk 5), peticion 4 (wk 5),
                           peticion 2 (wk 12), queja 1 (wk 19)
  Equipo B, agente.b:      peticion 4 (courtesy 3, wk 5), peticion 4 (wk 12)
  General form (no PQR):   3 (wk 12)
Scores 1 and 2 open recovery cases; the one for score 2 is closed.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from dashboards.selectors_satisfaction import satisfaction_dashboard
from surveys.models import RecoveryCase
from surveys.services import recovery_case_update
from tests.dashboards.analytics_data import answer, new_pqr, period

pytestmark = pytest.mark.django_db

START, END = date(2026, 10, 5), date(2026, 10, 25)
WEEK1, WEEK2, WEEK3 = date(2026, 10, 6), date(2026, 10, 13), date(2026, 10, 20)


@pytest.fixture
def answers(team_a, team_b, agent, supervisor):
    beto = get_user_model().objects.get(username="agente.b")
    ana_pqrs = [new_pqr(team=team_a, agent=agent, received=date(2026, 10, 1)) for _ in range(3)]
    queja = new_pqr(team=team_a, agent=agent, received=date(2026, 10, 1), type_code="queja")
    beto_pqrs = [new_pqr(team=team_b, agent=beto, received=date(2026, 10, 1)) for _ in range(2)]
    answer(ana_pqrs[0], 5, WEEK1, courtesy=5)
    answer(ana_pqrs[1], 4, WEEK1)
    low = answer(ana_pqrs[2], 2, WEEK2)
    answer(queja, 1, WEEK3)
    answer(beto_pqrs[0], 4, WEEK1, courtesy=3)
    answer(beto_pqrs[1], 4, WEEK2)
    answer(None, 3, WEEK2)
    case = RecoveryCase.objects.get(survey=low.survey)
    recovery_case_update(
        case=case, actor=supervisor, action="Llamada", outcome="recovered", close=True
    )
    return {"beto": beto}


def test_supervisor_sees_csat_average_dimensions_and_recovery(answers, supervisor):
    data = satisfaction_dashboard(period(START, END, supervisor))
    summary = data["summary"]
    # 5, 4, 2, 1, 4, 4, 3: seven answers, four of them 4-5, sum 23
    assert summary["total"] == 7
    assert summary["csat"] == pytest.approx(4 * 100 / 7)
    assert float(summary["average"]) == pytest.approx(23 / 7)
    assert float(summary["dimensions"]["courtesy"]) == pytest.approx(4.0)
    assert summary["dimensions"]["reliability"] is None
    assert (summary["recovery_open"], summary["recovery_closed"]) == (1, 1)


def test_weekly_trend_groups_answers_by_bogota_week(answers, supervisor):
    data = satisfaction_dashboard(period(START, END, supervisor))
    assert data["grain"] == "week"
    trend = [
        (row["period"].date(), row["total"], row["csat"], row["average"]) for row in data["trend"]
    ]
    assert trend == [
        (date(2026, 10, 5), 3, 100.0, 4.33),
        (date(2026, 10, 12), 3, 33.3, 3.0),
        (date(2026, 10, 19), 1, 0.0, 1.0),
    ]


def test_long_ranges_trend_by_month(answers, supervisor):
    data = satisfaction_dashboard(period(date(2026, 5, 1), END, supervisor))
    assert data["grain"] == "month"
    assert [(row["period"].month, row["total"]) for row in data["trend"]] == [(10, 7)]


def test_breakdowns_per_agent_team_and_type(answers, supervisor, agent):
    data = satisfaction_dashboard(period(START, END, supervisor))
    by_agent = {row["key"]: (row["total"], row["csat"], row["average"]) for row in data["by_agent"]}
    assert by_agent == {agent.pk: (4, 50.0, 3.0), answers["beto"].pk: (2, 100.0, 4.0)}
    assert [(row["label"], row["total"], row["csat"]) for row in data["by_team"]] == [
        ("Equipo A", 4, 50.0),
        ("Equipo B", 2, 100.0),
    ]
    by_type = {row["label"]: (row["total"], row["csat"], row["average"]) for row in data["by_type"]}
    assert by_type == {"Petición": (5, 80.0, 3.8), "Queja": (1, 0.0, 1.0)}


def test_filters_change_the_figures(answers, supervisor, team_b):
    only_b = satisfaction_dashboard(period(START, END, supervisor, team=team_b))
    assert (only_b["summary"]["total"], only_b["summary"]["csat"]) == (2, 100.0)
    second_week = satisfaction_dashboard(period(WEEK2, WEEK2, supervisor))
    # 2 (Equipo A), 4 (Equipo B) and the general form's 3
    assert second_week["summary"]["total"] == 3
    assert float(second_week["summary"]["average"]) == pytest.approx(3.0)


def test_agent_sees_only_the_answers_of_own_pqrs(answers, agent):
    data = satisfaction_dashboard(period(START, END, agent))
    assert data["summary"]["total"] == 4
    assert data["summary"]["csat"] == pytest.approx(50.0)
    assert [row["key"] for row in data["by_agent"]] == [agent.pk]
    beto = satisfaction_dashboard(period(START, END, answers["beto"]))
    assert beto["summary"]["total"] == 2


def test_page_shows_figures_and_links_to_survey_results_with_same_filters(
    answers, supervisor_client, team_a
):
    params = {"preset": "custom", "start": "2026-10-05", "end": "2026-10-25", "team": team_a.pk}
    page = supervisor_client.get(reverse("dashboards:satisfaction"), params)
    assert page.status_code == 200
    body = page.content.decode()
    assert page.context["data"]["summary"]["total"] == 4
    assert "50,0 %" in body
    results = reverse("surveys:results")
    assert f"{results}?date_from=2026-10-05&amp;date_to=2026-10-25&amp;team={team_a.pk}" in body
    follow = supervisor_client.get(
        results, {"date_from": "2026-10-05", "date_to": "2026-10-25", "team": team_a.pk}
    )
    assert follow.context["summary"]["total"] == page.context["data"]["summary"]["total"]


def test_empty_period_says_what_to_do(supervisor_client):
    page = supervisor_client.get(
        reverse("dashboards:satisfaction"),
        {"preset": "custom", "start": "2020-01-01", "end": "2020-01-31"},
    )
    assert page.status_code == 200
    assert "Amplíe el rango" in page.content.decode()


def test_agent_page_is_personal(answers, agent_client):
    page = agent_client.get(
        reverse("dashboards:satisfaction"),
        {"preset": "custom", "start": "2026-10-05", "end": "2026-10-25"},
    )
    assert page.status_code == 200
    assert page.context["data"]["summary"]["total"] == 4
    assert "agente.b" not in page.content.decode()
