import pytest
from django.test import Client

from api.services import api_key_create
from tests.factories import UserFactory
from tests.pqr.factories import TeamFactory, make_pqr


@pytest.fixture
def api_admin(db):
    return UserFactory(username="admin.api", role="Administrador")


@pytest.fixture
def team_a(db):
    return TeamFactory(name="Equipo A")


@pytest.fixture
def team_b(db):
    return TeamFactory(name="Equipo B")


def key_for(admin, *teams, scopes=("read",), name="Sitio web"):
    return api_key_create(actor=admin, name=name, scopes=list(scopes), teams=teams)


@pytest.fixture
def key_a(api_admin, team_a):
    """(ApiKey, raw) bound to team A with every scope."""
    return key_for(api_admin, team_a, scopes=("intake", "read", "write", "reports"))


@pytest.fixture
def client_a(key_a) -> Client:
    return Client(headers={"X-API-Key": key_a[1]})


@pytest.fixture
def pqr_a(team_a):
    return make_pqr(team=team_a, subject="Factura duplicada equipo A")


@pytest.fixture
def pqr_b(team_b):
    return make_pqr(team=team_b, subject="Corte de servicio equipo B")
