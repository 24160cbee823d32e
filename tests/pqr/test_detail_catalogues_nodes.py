"""The PQR page's catalogues are kept in each process (issue 18): an edit made in another
process shows on both gunicorn nodes' very next page, also on a node whose Redis is
unreachable (the copy and its token live in process memory and PostgreSQL). Marker
`nodes`, like tests/ops/test_nodes.py."""

import re

import pytest
import requests
from django.urls import reverse

from core.roles import Role
from pqr.models import RootCause
from tests.factories import UserFactory
from tests.servers.redis import free_port
from tests.servers.web import gunicorn_node

from .factories import TeamFactory, make_pqr

pytestmark = [pytest.mark.nodes, pytest.mark.django_db(transaction=True)]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUIET = {"DJANGO_LOG_LEVEL": "WARNING"}


@pytest.fixture
def nodes(tmp_path):
    started = []
    try:
        started.append(gunicorn_node(tmp_path, "node-a", QUIET, workers=1))
        # Nothing listens there: this node's cache (Redis) is down.
        no_redis = {**QUIET, "PQRDESK_TEST_REDIS_URL": f"redis://127.0.0.1:{free_port()}/5"}
        started.append(gunicorn_node(tmp_path, "node-b", no_redis, workers=1))
        yield [f"http://127.0.0.1:{port}" for _, port in started]
    finally:
        for proc, _ in started:
            proc.stop()


def _signed_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/cuenta/login/", timeout=30)
    response = session.post(
        base + "/cuenta/login/",
        data={
            "username": username,
            "password": "a-Strong-pass-123",
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
        },
        headers={"Referer": base + "/cuenta/login/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def test_a_root_cause_renamed_elsewhere_shows_on_both_nodes_next_page(nodes):
    agent = UserFactory(username="agente.catalogos", role=Role.AGENT)
    team = TeamFactory(name="Equipo Catálogos")
    team.members.add(agent)
    pqr = make_pqr(actor=agent, team=team, type_code="reclamo")
    path = reverse("pqr:detail", args=[pqr.pk])
    sessions = [_signed_in(base, agent.username) for base in nodes]
    cause = RootCause.objects.filter(is_active=True).order_by("name").first()
    for base, session in zip(nodes, sessions, strict=True):
        page = session.get(base + path, timeout=30)
        assert page.status_code == 200
        assert cause.name in page.text  # each node now holds its copy

    cause.name = "Cobro de reconexión sin corte"
    cause.save()  # this process, not the nodes: only the token tells them

    for base, session in zip(nodes, sessions, strict=True):
        page = session.get(base + path, timeout=30)
        assert page.status_code == 200
        assert "Cobro de reconexión sin corte" in page.text, base
