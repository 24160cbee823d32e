"""Reports over the API (scope `reports`): the legal reports and survey results hold
exactly the figures of their pages, for the key's teams only; the due-date check gives
the calendar page's answer."""

import json
from datetime import date

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse

from tests.dashboards.analytics_data import answer, new_pqr, resolve, transfer
from tests.factories import UserFactory

from .conftest import key_for

pytestmark = pytest.mark.django_db
FEBRUARY = {"preset": "custom", "start": "2026-02-01", "end": "2026-02-28"}
PQRS = "/api/v1/reports/pqrs/"
INFORMATION = "/api/v1/reports/information-requests/"
SURVEYS = "/api/v1/surveys/results/"
DUE = "/api/v1/calendar/due-date/"


@pytest.fixture
def february(team_a, team_b, agent):
    """Team A: 3 peticiones (one resolved on time, one transferred, one pending), one
    information request resolved late, scores 5 and 2. Team B: 2 reclamos, score 1."""
    team_a.members.add(agent)
    beto = UserFactory(username="agente.b", role="Agente")
    team_b.members.add(beto)
    on_time = new_pqr(team=team_a, agent=agent, received=date(2026, 2, 2))
    moved = new_pqr(team=team_a, agent=agent, received=date(2026, 2, 3), channel="web")
    new_pqr(team=team_a, agent=agent, received=date(2026, 2, 4))
    info = new_pqr(
        team=team_a, agent=agent, received=date(2026, 2, 5), type_code="peticion_informacion"
    )
    b1 = new_pqr(team=team_b, agent=beto, received=date(2026, 2, 6), type_code="reclamo")
    new_pqr(team=team_b, agent=beto, received=date(2026, 2, 9), type_code="reclamo")
    resolve(on_time, on=date(2026, 2, 16), days=10, within_legal=True)
    resolve(info, on=date(2026, 2, 27), days=16, within_legal=False)
    transfer(moved)
    answer(on_time, 5, date(2026, 2, 17), courtesy=5)
    answer(info, 2, date(2026, 2, 27))
    answer(b1, 1, date(2026, 2, 20))
    return {"agent": agent, "beto": beto}


@pytest.fixture
def reports_b(api_admin, team_b) -> Client:
    _key, raw = key_for(api_admin, team_b, scopes=("reports",))
    return Client(headers={"X-API-Key": raw})


def as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def page_tables(report) -> dict:
    return {t.key: as_json({"rows": t.rows, "total": t.total}) for t in report["tables"]}


def api_tables(body) -> dict:
    return {t["key"]: {"rows": t["rows"], "total": t["total"]} for t in body["tables"]}


def test_pqrs_report_has_the_page_figures_for_the_keys_team_only(
    client_a, february, supervisor_client, team_a
):
    response = client_a.get(PQRS, FEBRUARY)
    assert response.status_code == 200
    body = response.json()
    assert body["totals"] == {
        "received": 4,
        "on_time": 1,
        "late": 1,
        "avg_days": 13.0,
        "transferred": 1,
        "desisted": 0,
        "rejected": 0,
        "pending": 1,
    }
    page = supervisor_client.get(reverse("dashboards:report_pqrs"), {**FEBRUARY, "team": team_a.pk})
    assert api_tables(body) == page_tables(page.context["report"])
    by_type = {row[0]: row[1] for row in api_tables(body)["by_type"]["rows"]}
    assert "Reclamo" not in by_type  # team B's reclamos are not the key's


def test_pqrs_report_of_team_b_counts_only_its_reclamos(reports_b, february):
    totals = reports_b.get(PQRS, FEBRUARY).json()["totals"]
    assert totals["received"] == 2
    assert totals["pending"] == 2


def test_information_report_has_the_page_figures(client_a, february, supervisor_client, team_a):
    body = client_a.get(INFORMATION, FEBRUARY).json()
    assert body["summary"]["received"] == 1
    assert body["summary"]["late"] == 1
    assert body["requests_count"] == 1
    page = supervisor_client.get(
        reverse("dashboards:report_information"), {**FEBRUARY, "team": team_a.pk}
    )
    assert body["summary"] == as_json(page.context["report"]["summary"])
    assert api_tables(body) == page_tables(page.context["report"])


def test_survey_results_equal_the_results_page_and_leave_other_teams_out(
    client_a, february, supervisor_client, team_a
):
    body = client_a.get(SURVEYS, FEBRUARY).json()
    summary = body["summary"]
    assert summary["total"] == 2  # team B's score 1 is not counted
    assert summary["csat"] == 50.0
    assert summary["average"] == 3.5
    assert summary["recovery_open"] == 1
    page = supervisor_client.get(
        reverse("surveys:results"),
        {"date_from": "2026-02-01", "date_to": "2026-02-28", "team": team_a.pk},
    )
    shown = page.context["summary"]
    for key in ("total", "csat", "recovery_open", "recovery_closed", "sent", "answered"):
        assert summary[key] == shown[key], key
    assert summary["average"] == float(shown["average"])
    assert [row["label"] for row in body["by_team"]] == ["Equipo A"]


def test_survey_results_of_team_b(reports_b, february):
    summary = reports_b.get(SURVEYS, FEBRUARY).json()["summary"]
    assert (summary["total"], summary["csat"], summary["recovery_open"]) == (1, 0.0, 1)


@pytest.mark.parametrize(
    "path", [PQRS, INFORMATION, SURVEYS, f"{DUE}?type=peticion&received_at=2026-02-02T10:00"]
)
def test_reports_need_the_reports_scope(api_admin, team_a, agent_client, path):
    _key, raw = key_for(api_admin, team_a, scopes=("intake", "read", "write"))
    refused = Client(headers={"X-API-Key": raw}).get(path)
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    # A staff session needs the Supervisor role, as the report pages.
    assert agent_client.get(path).status_code == 403


def test_a_team_outside_the_key_is_refused_in_spanish_and_english(client_a, team_b):
    spanish = client_a.get(PQRS, {**FEBRUARY, "team": team_b.pk})
    assert spanish.status_code == 400
    assert spanish["Content-Type"] == "application/problem+json"
    assert spanish.json()["errors"][0]["field"] == "team"
    assert spanish.json()["title"] == "Los datos enviados no son válidos."
    english = client_a.get(PQRS, {**FEBRUARY, "team": team_b.pk}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["title"] == "The data sent is not valid."
    assert english.json()["errors"][0]["message"] != spanish.json()["errors"][0]["message"]


def test_custom_period_without_dates_is_a_problem_naming_the_rule(client_a):
    response = client_a.get(SURVEYS, {"preset": "custom"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "custom range" in response.json()["detail"]
    reversed_range = client_a.get(PQRS, {**FEBRUARY, "start": "2026-03-01"})
    assert reversed_range.json()["errors"][0]["field"] == "end"


def test_due_date_is_the_calendar_pages_answer(client_a, supervisor_client):
    # Friday 13 Feb 2026 at 10:00: filed that day; the day of filing does not count, so
    # 15 business days later is Friday 6 March.
    response = client_a.get(DUE, {"type": "peticion", "received_at": "2026-02-13T10:00:00-05:00"})
    assert response.status_code == 200
    body = response.json()
    page = supervisor_client.get(
        reverse("sla:calendar"),
        {"pqr_type": _type_pk("peticion"), "received_on": "2026-02-13", "received_time": "10:00"},
    ).context["answer"]
    assert body["due_on"] == page.legal_due_at.date().isoformat()
    assert body["filed_on"] == page.filed_on.isoformat() == "2026-02-13"
    assert body["due_on"] == "2026-03-06"
    assert body["term_days"] == 15
    assert body["law"] == "Ley 1755/2015 art. 14"
    assert body["extension_days"] == 15


def test_due_date_of_a_saturday_receipt_files_after_the_san_jose_holiday(client_a):
    # Saturday 21 March 2026; Monday 23 March is San José (19 March, moved to Monday).
    body = client_a.get(DUE, {"type": "peticion", "received_at": "2026-03-21T09:00"}).json()
    assert body["moved"] is True  # a Saturday
    assert body["filed_on"] == "2026-03-24"


def test_due_date_under_the_public_utility_regime_has_no_extension(client_a):
    body = client_a.get(
        DUE,
        {"type": "reclamo", "received_at": "2026-02-13T10:00", "regime": "servicios_publicos"},
    ).json()
    assert body["extension_days"] == 0
    assert body["extended_due_at"] is None
    assert body["silence_effect"] == "accepted"
    assert "Ley 142/1994 art. 158" in body["law"]


def test_due_date_bad_type_and_date_are_problems_in_english(client_a):
    unknown = client_a.get(
        DUE, {"type": "nada", "received_at": "2026-02-13T10:00"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "type"
    far = client_a.get(DUE, {"type": "peticion", "received_at": "1900-01-01T10:00"})
    assert far.json()["errors"][0] == {
        "field": "received_at",
        "message": "Use una fecha entre 1990 y 2100.",
        "code": "invalid",
    }


def _type_pk(code: str) -> int:
    from pqr.models import PqrType

    return PqrType.objects.get(code=code).pk


@pytest.mark.parametrize(
    ("path", "most"),
    [(PQRS, 6), (INFORMATION, 5), (SURVEYS, 6), (DUE, 7), ("/api/v1/customers/", 3)],
)
def test_report_endpoints_read_in_a_constant_number_of_queries(
    client_a, february, team_a, agent, path, most, django_assert_max_num_queries
):
    params = {"type": "peticion", "received_at": "2026-02-13T10:00"} if path == DUE else FEBRUARY
    client_a.get(path, params)  # warm the calendar and catalogue caches
    with django_assert_max_num_queries(most):
        assert client_a.get(path, params).status_code == 200
    for day in (10, 11, 12):  # more PQRs and answers: the same queries
        pqr = new_pqr(team=team_a, agent=agent, received=date(2026, 2, day))
        resolve(pqr, on=date(2026, 2, 20), days=8, within_legal=True)
        answer(pqr, 4, date(2026, 2, 21))
    with django_assert_max_num_queries(most):
        assert client_a.get(path, params).status_code == 200
