"""The staff home page counts the working day; each count opens the queue listing
exactly those PQRs, and the queue says how many it lists."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.pqr.factories import make_pqr

from .workday import build_workday


@pytest.fixture
def teammate(db):
    return UserFactory(
        username="laura.agente", first_name="Laura", last_name="Gómez", role="Agente"
    )


@pytest.fixture
def day(agent, team_a, teammate):
    team_a.members.add(teammate)
    return build_workday(agent, team_a, other=teammate)


def _cards(body: str) -> dict[str, tuple[str, int]]:
    found = re.findall(
        r'href="([^"]+)" data-count="([\w-]+)">.*?data-value>(\d+)<', body, flags=re.S
    )
    return {name: (href.replace("&amp;", "&"), int(n)) for href, name, n in found}


def _result_count(body: str) -> int:
    match = re.search(r'data-testid="result-count">(?:Más de )?(\d+) PQR', body)
    assert match, "the queue shows no result count"
    return int(match.group(1))


def test_home_counts_the_agents_working_day(agent_client, day):
    cards = _cards(agent_client.get(reverse("home")).content.decode())
    figures = {name: n for name, (_href, n) in cards.items()}
    assert figures == {
        "mine-open": 6,
        "mine-overdue": 2,
        "mine-today": 1,
        "mine-next3": 1,
        "mine-legal": 1,
        "mine-waiting": 1,
        "mine-anger": 1,
        "team-open": 9,
        "team-overdue": 3,
        "team-today": 1,
        "team-next3": 1,
        "team-legal": 1,
        "team-waiting": 1,
        "team-anger": 1,
    }


def test_every_home_count_opens_a_queue_with_that_many_results(agent_client, day):
    cards = _cards(agent_client.get(reverse("home")).content.decode())
    assert len(cards) == 14
    for name, (href, n) in cards.items():
        body = agent_client.get(href).content.decode()
        assert _result_count(body) == n, (name, href)


def test_paused_pqr_is_waiting_not_overdue(agent_client, day):
    waiting = day["waiting"][0]
    body = agent_client.get(reverse("pqr:queue"), {"mine": "on", "due": "overdue"}).content
    assert waiting.radicado not in body.decode()
    body = agent_client.get(reverse("pqr:queue"), {"status": "en_espera_cliente"}).content
    assert waiting.radicado in body.decode()


def test_queue_filters_by_assignee(agent_client, day, teammate):
    body = agent_client.get(reverse("pqr:queue"), {"assignee": teammate.pk}).content.decode()
    assert _result_count(body) == 2
    assert all(p.radicado in body for p in day["team"])
    assert day["overdue"][0].radicado not in body
    body = agent_client.get(reverse("pqr:queue"), {"assignee": "none"}).content.decode()
    assert _result_count(body) == 1
    assert day["unassigned"][0].radicado in body
    assert "Laura Gómez" in body  # offered in the filter


def test_queue_filters_by_legal_term_passed(agent_client, day):
    body = agent_client.get(reverse("pqr:queue"), {"legal": "on"}).content.decode()
    assert _result_count(body) == 1
    assert day["overdue"][1].radicado in body
    assert day["overdue"][0].radicado not in body


def test_queue_counts_results_beyond_the_first_page(agent_client, agent, team_a):
    for _ in range(27):
        make_pqr(actor=agent, team=team_a)
    body = agent_client.get(reverse("pqr:queue")).content.decode()
    assert _result_count(body) == 27
    assert "27 PQR cumplen los filtros" in body


def test_supervisor_home_counts_only_their_own(supervisor_client, supervisor, team_a, agent):
    team_a.supervisors.add(supervisor)
    make_pqr(actor=agent, team=team_a, assigned_to=supervisor)
    make_pqr(actor=agent, team=team_a)
    cards = _cards(supervisor_client.get(reverse("home")).content.decode())
    assert cards["mine-open"][1] == 1
    assert not any(name.startswith("team-") for name in cards)


@pytest.mark.parametrize("rows", [1, 3])
def test_home_queries_do_not_grow_with_data(
    agent_client, agent, team_a, teammate, django_assert_max_num_queries, rows
):
    team_a.members.add(teammate)
    for _ in range(rows):
        build_workday(agent, team_a, other=teammate)
    # Session, user, roles, calendar, team ids, the counts (one query), the bell.
    with django_assert_max_num_queries(7):
        response = agent_client.get(reverse("home"))
    assert response.status_code == 200
