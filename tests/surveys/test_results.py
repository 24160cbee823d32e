"""The supervisors' results page against a small hand-computed fixture."""

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import RecoveryCase, SatisfactionSurvey, SurveySource, SurveyStatus
from surveys.services import recovery_open_if_low
from tests.surveys.conftest import make_pqr, make_team
from tests.surveys.factories import PointOfServiceFactory, SurveyResponseFactory

pytestmark = pytest.mark.django_db


def _pqr_survey(team, score=None, courtesy=None, comment=""):
    pqr = make_pqr(team=team)
    survey = SatisfactionSurvey.objects.create(
        source=SurveySource.PQR,
        pqr=pqr,
        status=SurveyStatus.ANSWERED if score else SurveyStatus.PENDING,
        sent_at=timezone.now(),
    )
    if score:
        response = SurveyResponseFactory(
            survey=survey, score=score, courtesy=courtesy, comment=comment
        )
        recovery_open_if_low(survey=survey, response=response)
    return survey


@pytest.fixture
def fixture_data(team):
    """Team Facturación: scores 5, 4, 4, 2, 1 and one unanswered; elsewhere: 3 and 1."""
    other = make_team(name="Cartera")
    for score, courtesy in [(5, 5), (4, 4), (4, None), (2, 1), (1, None)]:
        _pqr_survey(team, score, courtesy, comment=f"nota {score}")
    _pqr_survey(team)  # sent, not answered
    _pqr_survey(other, 1, comment="otro equipo")
    point = PointOfServiceFactory(name="Sede Norte")
    general = SurveyResponseFactory(score=3, point_of_service=point, comment="general")
    recovery_open_if_low(survey=general.survey, response=general)
    RecoveryCase.objects.filter(survey__pqr__team=team, score=2).update(
        status="closed", closed_at=timezone.now(), outcome="recovered", action="Llamada"
    )
    return {"team": team, "other": other, "point": point}


def test_supervisor_sees_numbers_matching_the_hand_computed_fixture(
    fixture_data, supervisor_client
):
    page = supervisor_client.get(reverse("surveys:results"))
    summary = page.context["summary"]
    # 7 answers: 5, 4, 4, 2, 1, 1 (other team), 3 (general) -> sum 20
    assert summary["total"] == 7
    assert summary["csat"] == pytest.approx(3 * 100 / 7)
    assert float(summary["average"]) == pytest.approx(20 / 7)
    assert [row["count"] for row in summary["distribution"]] == [1, 2, 1, 1, 2]
    assert float(summary["dimensions"]["courtesy"]) == pytest.approx((5 + 4 + 1) / 3)
    # PQR surveys: 7 sent, 6 answered
    assert (summary["sent"], summary["answered"]) == (7, 6)
    assert summary["response_rate"] == pytest.approx(6 * 100 / 7)
    assert (summary["recovery_open"], summary["recovery_closed"]) == (2, 1)
    body = page.content.decode()
    assert "42,9 %" in body or "42.9 %" in body


def test_team_filter_narrows_every_number(fixture_data, supervisor_client):
    page = supervisor_client.get(reverse("surveys:results"), {"team": fixture_data["team"].pk})
    summary = page.context["summary"]
    assert summary["total"] == 5
    assert summary["csat"] == pytest.approx(60.0)
    assert float(summary["average"]) == pytest.approx(16 / 5)
    assert summary["response_rate"] == pytest.approx(5 * 100 / 6)
    assert (summary["recovery_open"], summary["recovery_closed"]) == (1, 1)


def test_point_of_service_filter_shows_general_answers(fixture_data, supervisor_client):
    page = supervisor_client.get(
        reverse("surveys:results"), {"point_of_service": fixture_data["point"].pk}
    )
    summary = page.context["summary"]
    assert summary["total"] == 1
    assert summary["response_rate"] is None


def test_agent_sees_only_results_of_their_own_teams(fixture_data, agent_client):
    page = agent_client.get(reverse("surveys:results"))
    summary = page.context["summary"]
    assert summary["total"] == 5
    body = page.content.decode()
    assert "nota 5" in body
    assert "otro equipo" not in body
    assert "general" not in [c.comment for c in page.context["comments"]]


def test_agent_cannot_open_another_teams_recovery_case(fixture_data, agent_client):
    other_case = RecoveryCase.objects.get(survey__pqr__team=fixture_data["other"])
    assert (
        agent_client.get(reverse("surveys:recovery_detail", args=[other_case.pk])).status_code
        == 404
    )


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("surveys:results"))
    assert response.status_code == 302
    assert "/cuenta/login/" in response["Location"]


def test_csv_export_has_one_row_per_answer(fixture_data, supervisor_client):
    response = supervisor_client.get(reverse("surveys:results_csv"))
    content = b"".join(response.streaming_content).decode()
    lines = content.strip().splitlines()
    assert lines[0].lstrip("\ufeff").startswith("Fecha,Origen,Radicado")
    assert len(lines) == 1 + 7


def test_results_page_queries_stay_constant_as_answers_grow(
    fixture_data, supervisor_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        supervisor_client.get(reverse("surveys:results"))
    for score in range(1, 6):
        for _ in range(4):
            _pqr_survey(fixture_data["other"], score, comment="más")
    with django_assert_max_num_queries(20):
        supervisor_client.get(reverse("surveys:results"))


def test_supervisor_records_recovery_action_and_outcome(fixture_data, supervisor_client):
    case = RecoveryCase.objects.filter(status="open").first()
    url = reverse("surveys:recovery_detail", args=[case.pk])
    refused = supervisor_client.post(url, {"action": "", "outcome": "", "close": "on"})
    assert "Describa la acción" in refused.content.decode()
    supervisor_client.post(
        url, {"action": "Llamé y se reintegró el valor", "outcome": "recovered", "close": "on"}
    )
    case.refresh_from_db()
    assert case.status == "closed"
    assert case.outcome == "recovered"
    assert case.closed_at is not None
