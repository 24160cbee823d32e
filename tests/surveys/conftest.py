import itertools
import re

import pytest

from core.roles import Role
from tests.factories import UserFactory

_seq = itertools.count(1)

LINK_RE = re.compile(r"https?://\S+/encuestas/c/[^\s\"<]+/")


def make_customer(*, email="cliente@example.com", consent=True, **fields):
    """A customer created through the Customers service, with phone consent for handling
    and surveys unless told not."""
    from customers.models import PURPOSE_HANDLING, PURPOSE_SURVEYS
    from customers.services import customer_create

    n = next(_seq)
    customer = customer_create(
        actor=None,
        consent_channel="phone",
        consent_purposes=[PURPOSE_HANDLING, PURPOSE_SURVEYS],
        document_type="CC",
        document_number=f"10{n:08d}",
        full_name=fields.pop("full_name", f"Cliente Prueba {n}"),
        email=email,
        **fields,
    )
    if not consent:
        customer.consents.all().delete()
    return customer


def make_team(*, name=None, supervisor=None, members=()):
    from pqr.models import Team

    team = Team.objects.create(name=name or f"Equipo {next(_seq)}")
    if supervisor is not None:
        team.supervisors.add(supervisor)
    team.members.add(*members)
    return team


def make_pqr(*, team, customer=None, assigned_to=None, **fields):
    """An open PQR in process, created through the PQR app's own intake service."""
    from pqr.models import PqrType
    from pqr.services import pqr_create, pqr_transition

    actor = assigned_to or UserFactory(role=Role.AGENT)
    pqr = pqr_create(
        actor=actor,
        pqr_type=PqrType.objects.get(code=fields.pop("type_code", "peticion")),
        channel=fields.pop("channel", "email"),
        customer=customer,
        subject="Cobro duplicado",
        description="Me cobraron dos veces la factura de octubre.",
        team=team,
        assigned_to=assigned_to,
        **fields,
    )
    pqr_transition(pqr=pqr, to_status="en_tramite", actor=actor)
    pqr.refresh_from_db()
    return pqr


def resolve(pqr, actor):
    """Answer in person (delivered at once, no email) and resolve."""
    from tests.answers import resolve_answered

    resolve_answered(pqr, actor, note="Se reversó el cobro duplicado.")
    pqr.refresh_from_db()
    return pqr


def score_links(message) -> dict[int, str]:
    links = LINK_RE.findall(message.body)
    return {5 - i: link for i, link in enumerate(links)}  # the email lists 5 down to 1


def _ensure_role_groups() -> None:
    from django.contrib.auth.models import Group

    from core.roles import grant_administrator_permissions

    for role in Role:
        Group.objects.get_or_create(name=role)
    grant_administrator_permissions(sender=None)


@pytest.fixture(autouse=True)
def _role_groups(request):
    """Live-server and worker tests flush the database, role groups included."""
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server", "real_worker"}:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    _ensure_role_groups()


@pytest.fixture(scope="session", autouse=True)
def _role_groups_after_session(django_db_setup, django_db_blocker):
    """Leave the groups in place for the next --reuse-db run after our flushes."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        _ensure_role_groups()
        connections.close_all()


@pytest.fixture
def team_supervisor(db):
    return UserFactory(username="sup.equipo", role=Role.SUPERVISOR)


@pytest.fixture
def team(team_supervisor, agent):
    return make_team(name="Facturación", supervisor=team_supervisor, members=[agent])


@pytest.fixture
def customer(db):
    return make_customer()
