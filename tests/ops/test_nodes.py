"""Stateless web nodes (issue 19): two gunicorn nodes on the test database behind a
Debian nginx started by the test. A session made on one node works on the other, the
public rate limit counts across both, and 200 filings spread over both nodes get 200
distinct radicados. Marker `nodes` (in `make test`)."""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from core.roles import Role
from pqr.models import Pqr
from tests.factories import UserFactory
from tests.pqr.public_helpers import CREATE_URL, form_data
from tests.servers.web import gunicorn_node, nginx_in_front

pytestmark = [pytest.mark.nodes, pytest.mark.django_db(transaction=True)]
RATE_LIMIT = 6
# The test plays the outer load balancer: it sends the client address in
# X-Forwarded-For and nginx appends its own hop, so the nodes trust two hops.
NODE_ENV = {
    "PQRDESK_TRUSTED_PROXIES": "2",
    "PQRDESK_PUBLIC_FORM_RATE_LIMIT": str(RATE_LIMIT),
    "DJANGO_LOG_LEVEL": "WARNING",
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module")
def balancer(django_db_setup, django_db_blocker, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("nodes")
    nodes = []
    try:
        for name in ("node-a", "node-b"):
            nodes.append(gunicorn_node(workdir, name, NODE_ENV))
        nginx, port = nginx_in_front(workdir, [p for _, p in nodes])
    except Exception:
        for proc, _ in nodes:
            proc.stop()
        raise
    yield {"url": f"http://127.0.0.1:{port}", "ports": {p for _, p in nodes}, "dir": workdir}
    nginx.stop()
    for proc, _ in nodes:
        proc.stop()


def _client_address() -> str:
    """A fresh documentation-range address per call: earlier runs' counters stay in Redis."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


def _upstream(response) -> int:
    return int(response.headers["X-Upstream"].rsplit(":", 1)[1])


def _file(base: str, address: str, i: int) -> requests.Response:
    session = requests.Session()
    headers = {"X-Forwarded-For": address}
    page = session.get(base + CREATE_URL, headers=headers, timeout=30)
    if i % 2:
        # Round robin alternates per request: one more request makes this POST land on
        # the other node than the previous one.
        session.get(base + "/healthz", timeout=30)
    data = form_data(
        document_number=f"9{i:08d}",
        contact_email=f"nodo{i}@example.com",
        full_name=f"Cliente Nodo {i}",
        csrfmiddlewaretoken=CSRF.search(page.text).group(1),
    )
    return session.post(
        base + CREATE_URL,
        data=data,
        headers={**headers, "Referer": base + CREATE_URL},
        allow_redirects=False,
        timeout=60,
    )


def test_a_session_made_on_one_node_works_on_the_other(balancer):
    user = UserFactory(username="agente.nodos", role=Role.AGENT)
    base = balancer["url"]
    session = requests.Session()
    page = session.get(base + "/cuenta/login/", timeout=30)
    response = session.post(
        base + "/cuenta/login/",
        data={
            "username": user.username,
            "password": "a-Strong-pass-123",
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
        },
        headers={"Referer": base + "/cuenta/login/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    login_node = _upstream(response)
    seen = set()
    for _ in range(6):
        queue = session.get(base + "/pqr/", allow_redirects=False, timeout=30)
        assert queue.status_code == 200, (queue.status_code, queue.headers.get("Location"))
        seen.add(_upstream(queue))
    assert seen == balancer["ports"]  # round robin: the other node knew the session too
    assert login_node in seen


def test_the_public_rate_limit_counts_across_both_nodes(balancer):
    address = _client_address()
    responses = [_file(balancer["url"], address, 500 + i) for i in range(RATE_LIMIT + 2)]
    codes = [r.status_code for r in responses]
    assert codes[:RATE_LIMIT] == [302] * RATE_LIMIT
    assert codes[RATE_LIMIT:] == [429, 429]
    assert {_upstream(r) for r in responses} == balancer["ports"]


def test_200_filings_spread_over_both_nodes_get_unique_radicados(balancer):
    base = balancer["url"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda i: _file(base, _client_address(), i), range(200)))
    assert [r.status_code for r in responses] == [302] * 200
    by_node = dict.fromkeys(balancer["ports"], 0)
    for response in responses:
        by_node[_upstream(response)] += 1
    assert min(by_node.values()) >= 50, by_node
    radicados = list(
        Pqr.objects.filter(customer__email__startswith="nodo").values_list("radicado", flat=True)
    )
    assert len(radicados) == 200
    assert len(set(radicados)) == 200
