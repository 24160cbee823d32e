"""Satisfaction, causes and both legal reports issue the same number of queries
whatever the amount of data (checked at two sizes, with the page really rendered)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from customers.models import DifficultyTag
from customers.services import customer_tag_assign
from pqr.models import MomentOfTruth
from tests.customers.factories import CustomerFactory
from tests.dashboards.analytics_data import answer, new_pqr, resolve, transfer

pytestmark = pytest.mark.django_db

PARAMS = {"preset": "custom", "start": "2026-09-01", "end": "2026-10-31"}
PAGES = ["satisfaction", "causes", "report_pqrs", "report_information"]
MAX_QUERIES = {
    "satisfaction": 10,
    "causes": 15,
    "report_pqrs": 11,  # +3: the semester before, late list, pending list
    "report_information": 11,  # +1: the information type, for the figures' links
}


def _grow(team_a, team_b, agent, supervisor, rounds: int) -> None:
    """Each round adds PQRs of every kind the pages count: complaints with causes,
    moments and anger, surveys, repeat customers with tags, information requests."""
    beto = get_user_model().objects.get(username="agente.b")
    moments = list(MomentOfTruth.objects.order_by("order"))
    tag = DifficultyTag.objects.order_by("order").first()
    for n in range(rounds):
        customer = CustomerFactory()
        customer_tag_assign(customer=customer, tag=tag, reason="Prueba", actor=supervisor)
        for i, (type_code, team, who) in enumerate(
            [("queja", team_a, agent), ("reclamo", team_b, beto), ("peticion", team_a, agent)]
        ):
            pqr = new_pqr(
                team=team,
                agent=who,
                received=date(2026, 10, 1 + n),
                type_code=type_code,
                customer=customer,
                moment=moments[(n + i) % len(moments)],
                anger=3,
            )
            cause = "negligencia" if type_code != "peticion" else None
            resolve(pqr, on=date(2026, 10, 5 + n), days=5, within_legal=True, cause=cause, anger=2)
            answer(pqr, 1 + (n + i) % 5, date(2026, 10, 6 + n), courtesy=4)
        info = new_pqr(
            team=team_a,
            agent=agent,
            received=date(2026, 10, 2 + n),
            type_code="peticion_informacion",
        )
        if n % 2:
            transfer(info)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("rounds", [1, 4])
def test_query_count_does_not_grow_with_data(
    page,
    rounds,
    team_a,
    team_b,
    agent,
    supervisor,
    supervisor_client,
    django_assert_max_num_queries,
):
    _grow(team_a, team_b, agent, supervisor, rounds)
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        response = supervisor_client.get(reverse(f"dashboards:{page}"), PARAMS)
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["satisfaction", "causes"])
def test_agent_pages_also_keep_a_constant_query_count(
    page, team_a, team_b, agent, supervisor, agent_client, django_assert_max_num_queries
):
    _grow(team_a, team_b, agent, supervisor, 3)
    with django_assert_max_num_queries(MAX_QUERIES[page]):
        response = agent_client.get(reverse(f"dashboards:{page}"), PARAMS)
    assert response.status_code == 200
