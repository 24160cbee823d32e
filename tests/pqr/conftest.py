import pytest

from pqr.models import Team
from tests.factories import UserFactory

from .factories import CustomerFactory, TeamFactory, make_pqr


def _seed_catalogues() -> None:
    """Flushing tests (transactional_db, live_server) empty the data-migration rows."""
    from django.contrib.auth.models import Group

    from core.roles import Role
    from pqr.catalogues import MOMENTS_OF_TRUTH, PQR_TYPES, ROOT_CAUSES
    from pqr.models import MomentOfTruth, PqrType, RootCause

    for role in Role:
        Group.objects.get_or_create(name=role)
    from customers.models import DifficultyTag
    from customers.tag_catalogue import seed_tags

    seed_tags(DifficultyTag)
    # After a flush the SLA organisation row is gone; creating it here (and reading it
    # back in every later call) keeps a freshly created instance's unparsed defaults
    # out of the SLA calendar cache.
    from django.apps import apps

    if apps.is_installed("sla"):
        try:
            organization = apps.get_model("sla", "Organization")
        except LookupError:
            organization = None
        if organization is not None and not organization.objects.filter(pk=1).exists():
            from sla.selectors import organization_get

            organization_get()
    for order, (code, name, protocol) in enumerate(PQR_TYPES, start=1):
        PqrType.objects.get_or_create(
            code=code, defaults={"name": name, "requires_protocol": protocol, "order": order}
        )
    for order, name in enumerate(MOMENTS_OF_TRUTH, start=1):
        MomentOfTruth.objects.get_or_create(name=name, defaults={"order": order})
    for code, name in ROOT_CAUSES:
        RootCause.objects.get_or_create(code=code, defaults={"name": name})


@pytest.fixture(autouse=True)
def _catalogues(request):
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server"}:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    _seed_catalogues()


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
