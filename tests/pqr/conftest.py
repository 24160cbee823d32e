import pytest

from pqr.models import Team
from tests.factories import UserFactory

from .factories import CustomerFactory, TeamFactory, make_pqr


@pytest.fixture
def team_a(db, agent) -> Team:
    team = TeamFactory(name="Equipo A")
    team.members.add(agent)
    return team


@pytest.fixture
def team_b(db) -> Team:
    other = UserFactory(username="agente.b", role="Agente")
    team = TeamFactory(name="Equipo B")
    team.members.add(other)
    return team


@pytest.fixture
def customer(db):
    return CustomerFactory(full_name="Luz Marina Ospina", document_number="52987654")


@pytest.fixture
def peticion(team_a, agent):
    return make_pqr(actor=agent, team=team_a)


@pytest.fixture
def reclamo(team_a, agent, customer):
    return make_pqr(actor=agent, team=team_a, type_code="reclamo", customer=customer)
