"""Customers over the API: the customer pages' scoping, by the key's teams."""

import pytest
from django.test import Client

from tests.pqr.factories import CustomerFactory, make_pqr

from .conftest import key_for

pytestmark = pytest.mark.django_db
LIST = "/api/v1/customers/"
SEARCH = "/api/v1/customers/search/"


@pytest.fixture
def customers(team_a, team_b):
    """ana: a PQR in team A; beto: only in team B; carla: one in each team."""
    ana = CustomerFactory(full_name="Ana Arango", document_number="11111111")
    beto = CustomerFactory(full_name="Beto Bernal", document_number="22222222")
    carla = CustomerFactory(full_name="Carla Cano", document_number="33333333")
    make_pqr(team=team_a, customer=ana, subject="Factura de Ana")
    make_pqr(team=team_b, customer=beto, subject="Corte de Beto")
    in_a = make_pqr(team=team_a, customer=carla, subject="Cobro de Carla en A")
    in_b = make_pqr(team=team_b, customer=carla, subject="Reclamo de Carla en B")
    return {"ana": ana, "beto": beto, "carla": carla, "carla_a": in_a, "carla_b": in_b}


def names(response) -> set[str]:
    return {row["full_name"] for row in response.json()["results"]}


def test_key_of_team_a_never_sees_a_customer_only_reachable_via_team_b(client_a, customers):
    assert names(client_a.get(LIST)) == {"Ana Arango", "Carla Cano"}
    hidden = client_a.get(f"{LIST}{customers['beto'].pk}/")
    assert hidden.status_code == 404
    assert hidden["Content-Type"] == "application/problem+json"
    found = client_a.post(SEARCH, {"query": "22222222"}, content_type="application/json")
    assert found.status_code == 200
    assert found.json()["results"] == []
    by_name = client_a.post(SEARCH, {"query": "Bernal"}, content_type="application/json")
    assert by_name.json()["results"] == []


def test_key_of_team_b_sees_beto_and_not_ana(api_admin, team_b, customers):
    _key, raw = key_for(api_admin, team_b)
    client = Client(headers={"X-API-Key": raw})
    assert names(client.get(LIST)) == {"Beto Bernal", "Carla Cano"}
    assert client.get(f"{LIST}{customers['ana'].pk}/").status_code == 404


def test_customer_detail_lists_only_the_pqrs_of_the_keys_teams(
    client_a, customers, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client_a.get(f"{LIST}{customers['carla'].pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["document_number"] == "33333333"
    assert [p["radicado"] for p in body["pqrs"]] == [customers["carla_a"].radicado]


def test_search_by_document_finds_the_customer_in_scope(client_a, customers):
    found = client_a.post(SEARCH, {"query": "33.333.333"}, content_type="application/json")
    assert [row["id"] for row in found.json()["results"]] == [customers["carla"].pk]


def test_customers_need_the_read_scope(api_admin, team_a, customers):
    _key, raw = key_for(api_admin, team_a, scopes=("intake",))
    client = Client(headers={"X-API-Key": raw})
    refused = client.get(LIST)
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    assert client.get(f"{LIST}{customers['ana'].pk}/").status_code == 403


def test_bad_list_parameter_is_a_problem_in_english(client_a, customers):
    response = client_a.get(LIST, {"updated_since": "yesterday"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert body["title"] == "The data sent is not valid."
    assert body["errors"][0]["field"] == "updated_since"
