"""API keys: hashed, scoped to their teams and scopes, revocable."""

import hashlib

import pytest
from django.test import Client

from api.models import ApiKey
from api.services import api_key_revoke
from tests.pqr.factories import make_pqr

from .conftest import key_for

pytestmark = pytest.mark.django_db
LIST = "/api/v1/pqrs/"


def radicados(response) -> set[str]:
    return {row["radicado"] for row in response.json()["results"]}


def test_key_is_stored_only_as_its_sha256(key_a):
    key, raw = key_a
    stored = ApiKey.objects.get(pk=key.pk)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.key_hash, stored.prefix, stored.name}
    assert raw.startswith(f"pqrk_{stored.prefix}_")


def test_key_bound_to_team_a_never_sees_team_b(client_a, pqr_a, pqr_b):
    listed = client_a.get(LIST, {"status": "all"})
    assert listed.status_code == 200
    assert radicados(listed) == {pqr_a.radicado}
    assert client_a.get(f"{LIST}{pqr_a.radicado}/").status_code == 200
    hidden = client_a.get(f"{LIST}{pqr_b.radicado}/")
    assert hidden.status_code == 404
    assert hidden["Content-Type"] == "application/problem+json"
    # Filtering explicitly on team B or searching its radicado finds nothing either.
    assert radicados(client_a.get(LIST, {"team": pqr_b.team_id})) == set()
    assert radicados(client_a.get(LIST, {"q": pqr_b.radicado})) == set()


def test_key_of_two_teams_sees_both(api_admin, team_a, team_b, pqr_a, pqr_b):
    _key, raw = key_for(api_admin, team_a, team_b)
    response = Client(headers={"X-API-Key": raw}).get(LIST)
    assert radicados(response) == {pqr_a.radicado, pqr_b.radicado}


def test_key_sees_the_same_pqrs_as_an_agent_of_its_team(api_admin, team_a, pqr_a, pqr_b, agent):
    team_a.members.add(agent)
    _key, raw = key_for(api_admin, team_a)
    staff = Client()
    staff.force_login(agent)
    by_key = radicados(Client(headers={"X-API-Key": raw}).get(LIST))
    by_session = radicados(staff.get(LIST))
    assert by_key == by_session == {pqr_a.radicado}


def test_detail_has_conversation_and_events(client_a, pqr_a):
    body = client_a.get(f"{LIST}{pqr_a.radicado}/").json()
    assert body["radicado"] == pqr_a.radicado
    assert body["description"] == pqr_a.description
    assert body["events"][0]["kind"] == "created"
    assert body["messages"] == []


def test_key_without_read_scope_is_forbidden(api_admin, team_a, pqr_a):
    _key, raw = key_for(api_admin, team_a, scopes=("intake",))
    response = Client(headers={"X-API-Key": raw}).get(LIST)
    assert response.status_code == 403
    assert response.json()["status"] == 403


def test_missing_or_wrong_key_is_401_problem(pqr_a):
    for headers in ({}, {"X-API-Key": "pqrk_deadbeef_nope"}, {"X-API-Key": "garbage"}):
        response = Client(headers=headers).get(LIST)
        assert response.status_code == 401, headers
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"].endswith("/unauthenticated")


def test_revoked_key_is_refused_at_once(api_admin, key_a, client_a, pqr_a):
    assert client_a.get(LIST).status_code == 200
    api_key_revoke(actor=api_admin, key=key_a[0])
    response = client_a.get(LIST)
    assert response.status_code == 401
    assert "revoc" in response.json()["detail"]


def test_only_administrators_create_keys(agent, team_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        key_for(agent, team_a)


def test_list_filters_match_the_queue(client_a, team_a):
    open_one = make_pqr(team=team_a, subject="Abierta")
    reclamo = make_pqr(team=team_a, type_code="reclamo", subject="Reclamo")
    assert radicados(client_a.get(LIST, {"type": "reclamo"})) == {reclamo.radicado}
    assert radicados(client_a.get(LIST, {"q": "Abierta"})) == {open_one.radicado}
    assert radicados(client_a.get(LIST, {"status": "closed"})) == set()


def test_bad_filter_is_a_400_with_field_errors(client_a):
    response = client_a.get(LIST, {"status": "nope", "team": "x"})
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"status", "team"}


def test_cursor_pagination_walks_every_row_once(client_a, team_a, django_assert_max_num_queries):
    made = {make_pqr(team=team_a, subject=f"PQR {n}").radicado for n in range(7)}
    seen, url, pages = [], f"{LIST}?page_size=3", 0
    while url:
        with django_assert_max_num_queries(6):
            body = client_a.get(url).json()
        seen += [row["radicado"] for row in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == made


def test_list_and_detail_queries_do_not_grow(client_a, team_a, django_assert_max_num_queries):
    for n in range(12):
        make_pqr(team=team_a, subject=f"PQR {n}")
    with django_assert_max_num_queries(6):
        assert client_a.get(LIST).status_code == 200


def test_rate_limit_per_key_gives_429_with_retry_after(settings, client_a, pqr_a):
    settings.API_KEY_RATE_PER_MINUTE = 3
    codes = [client_a.get(LIST).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client_a.get(LIST)
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited["Content-Type"] == "application/problem+json"


def test_schema_and_docs_are_served_without_a_cdn(db):
    client = Client()
    schema = client.get("/api/schema/", headers={"Accept": "application/json"})
    assert schema.status_code == 200
    assert "/api/v1/pqrs/" in schema.json()["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    # Strict CSP: no inline script; the initialiser is a script of our own origin.
    assert "<script>" not in html.replace(" ", "")
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
