"""The public lookup counts failures per radicado too, whatever address they come from
(issue 11, finding 8): guessing one case's email from many IPs is stopped."""

import pytest

from .factories import CustomerFactory, make_pqr
from .public_helpers import LOOKUP_URL, STATUS_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(agent, team_a):
    customer = CustomerFactory(document_number="71234567", email="jorge.mejia@example.com")
    return make_pqr(actor=agent, team=team_a, customer=customer)


def _lookup(client, radicado, identifier, ip):
    return client.post(LOOKUP_URL, {"radicado": radicado, "identifier": identifier}, REMOTE_ADDR=ip)


def test_failures_from_many_addresses_lock_that_radicado(client, filed, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 100  # the per-IP limit is not what stops this
    settings.PUBLIC_LOOKUP_RADICADO_FAILURES = 5
    for n in range(5):
        response = _lookup(client, filed.radicado, f"intento{n}@example.com", f"198.51.100.{n}")
        assert response.status_code == 400
    response = _lookup(client, filed.radicado.lower(), "jorge.mejia@example.com", "203.0.113.9")
    assert response.status_code == 429
    assert 'data-testid="radicado-limited"' in response.content.decode()
    assert client.get(STATUS_URL).status_code == 302  # no access was granted


def test_another_radicado_is_not_locked(client, filed, agent, team_a, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 100
    settings.PUBLIC_LOOKUP_RADICADO_FAILURES = 2
    other = make_pqr(actor=agent, team=team_a, customer=CustomerFactory(email="otra@example.com"))
    for n in range(3):
        _lookup(client, other.radicado, f"x{n}@example.com", f"198.51.100.{n}")
    response = _lookup(client, filed.radicado, "jorge.mejia@example.com", "203.0.113.9")
    assert response.status_code == 302
    assert response["Location"] == STATUS_URL


def test_fewer_failures_than_the_limit_still_let_the_holder_in(client, filed, settings):
    settings.PUBLIC_LOOKUP_RADICADO_FAILURES = 5
    for n in range(4):
        _lookup(client, filed.radicado, f"intento{n}@example.com", f"198.51.100.{n}")
    response = _lookup(client, filed.radicado, "jorge.mejia@example.com", "203.0.113.9")
    assert response.status_code == 302
