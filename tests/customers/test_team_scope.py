"""Who may reach a customer: every customer URL and export, for every role, including an
agent of another team (issue 11, finding 1).

The rule (docs/decisions.md): an agent sees and edits a customer only through a PQR of
one of their teams (or assigned to them), or a profile they created that has no PQR
yet; supervisors and administrators see every profile. At intake any agent may find a
profile by its exact document number, shown as a minimal identity to attach the new
PQR to, never to open or edit it.

The exports that carry PQR rows follow the same scope: the surveys CSV lists only the
answers of the reader's teams (whatever team the filter names); the legal reports
(CSV/XLSX) are for supervisors and administrators, who see every team.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from core.roles import Role
from customers.models import ConsentRecord, Customer, CustomerAudit, CustomerTagAssignment
from customers.services import consent_record, customer_tag_assign
from pqr.models import Channel, PqrType, Team
from pqr.services import pqr_create
from tests.factories import UserFactory

from .factories import CustomerFactory

pytestmark = pytest.mark.django_db

RANK = {"agent_a": 1, "agent_b": 1, "supervisor": 2, "admin": 3}
OK, FORBIDDEN, HIDDEN = "ok", "forbidden", "hidden"

# name -> (method, lowest role, payload builder). Every customer URL with a profile id
# must be here: test_every_customer_url_is_in_the_matrix walks the URL configuration.
MATRIX = {
    "customers:detail": ("get", 1, None),
    "customers:edit": ("post", 1, lambda c: {**_edit_payload(c), "email": "nuevo@otro.co"}),
    "customers:tag_assign": ("post", 1, lambda c: {"tag": _tag(first=True).pk, "reason": "Gritó"}),
    "customers:tag_remove": ("post", 1, lambda c: {"reason": "Ya no"}),
    "customers:consent_revoke": ("post", 1, lambda c: {"purpose": ""}),
    "customers:consent_grant": (
        "post",
        1,
        lambda c: {"purpose": "encuestas_satisfaccion", "channel": "phone", "confirm": "on"},
    ),
    "customers:merge": ("get", 2, None),
    "customers:anonymise": ("get", 3, None),
    "customers:export": ("get", 3, None),
}
EXPORT_FORMATS = ["json", "csv", "html"]


def _tag(*, first: bool = False):
    from customers.models import DifficultyTag

    tags = DifficultyTag.objects.order_by("pk")
    return tags.first() if first else tags.last()


def _edit_payload(c: Customer) -> dict:
    return {
        "person_type": c.person_type,
        "document_type": c.document_type,
        "document_number": c.document_number,
        "full_name": c.full_name,
        "email": c.email,
        "phone": c.phone,
        "city": c.city,
        "preferred_channel": c.preferred_channel,
    }


@pytest.fixture
def world(db):
    """Team A handles the customer's only PQR; team B has never dealt with them."""
    users = {
        "agent_a": UserFactory(username="agente.a", role=Role.AGENT),
        "agent_b": UserFactory(username="agente.b", role=Role.AGENT),
        "supervisor": UserFactory(username="supervisora", role=Role.SUPERVISOR),
        "admin": UserFactory(username="administra", role=Role.ADMIN),
    }
    team_a, team_b = Team.objects.create(name="Equipo A"), Team.objects.create(name="Equipo B")
    team_a.members.add(users["agent_a"])
    team_b.members.add(users["agent_b"])
    customer = CustomerFactory(
        full_name="Gloria Salazar", document_number="43111222", email="gloria@correo.co"
    )
    consent_record(
        customer=customer,
        channel="phone",
        actor=users["agent_a"],
        purposes=["atencion_pqr"],
    )
    pqr = pqr_create(
        actor=users["agent_a"],
        pqr_type=PqrType.objects.get(code="queja"),
        channel=Channel.EMAIL,
        subject="Factura",
        description="Cobro doble",
        team=team_a,
        customer=customer,
        received_at=timezone.now(),
    )
    assignment = customer_tag_assign(
        customer=customer, tag=_tag(), reason="Amenazó", actor=users["agent_a"]
    )
    return {"users": users, "customer": customer, "pqr": pqr, "assignment": assignment}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, world, fmt: str = "") -> str:
    customer = world["customer"]
    if name == "customers:tag_remove":
        return reverse(name, args=[customer.pk, world["assignment"].pk])
    if name == "customers:export":
        return reverse(name, args=[customer.pk, fmt])
    return reverse(name, args=[customer.pk])


def _expected(role: str, lowest: int) -> str:
    if RANK[role] < lowest:
        return FORBIDDEN
    return HIDDEN if role == "agent_b" else OK


def _outcome(status: int) -> str:
    return {403: FORBIDDEN, 404: HIDDEN}.get(status, OK if status < 400 else str(status))


def _snapshot(customer: Customer) -> tuple:
    return (
        Customer.objects.filter(pk=customer.pk).values().get(),
        list(ConsentRecord.objects.filter(customer=customer).values()),
        list(CustomerTagAssignment.objects.filter(customer=customer).values()),
        CustomerAudit.objects.filter(customer=customer).count(),
    )


CASES = [(name, "") for name in MATRIX if name != "customers:export"]
CASES += [("customers:export", fmt) for fmt in EXPORT_FORMATS]


def test_every_customer_url_is_in_the_matrix():
    resolver = get_resolver().namespace_dict["customers"][1]
    with_pk = {
        f"customers:{p.name}"
        for p in resolver.url_patterns
        if isinstance(p, URLPattern) and re.search(r"<int:pk>", str(p.pattern))
    }
    assert with_pk == set(MATRIX)


@pytest.mark.parametrize("role", list(RANK))
@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}{f}" for n, f in CASES])
def test_role_and_team_decide_every_customer_url(world, role, name, fmt):
    method, lowest, payload = MATRIX[name]
    customer = world["customer"]
    before = _snapshot(customer)
    client = _client(world["users"][role])
    url = _url(name, world, fmt)
    response = client.get(url) if method == "get" else client.post(url, payload(customer))
    expected = _expected(role, lowest)
    assert _outcome(response.status_code) == expected
    if expected != OK:
        # Refused means refused: nothing was read out and nothing changed.
        assert customer.full_name not in response.content.decode()
        assert customer.email not in response.content.decode()
        assert _snapshot(customer) == before


@pytest.mark.parametrize("role", list(RANK))
def test_customer_search_lists_only_the_profiles_in_scope(world, role):
    customer = world["customer"]
    client = _client(world["users"][role])
    for query in (customer.document_number, customer.email, "Gloria", customer.phone):
        body = client.post(reverse("customers:search"), {"q": query}).content.decode()
        shown = reverse("customers:detail", args=[customer.pk]) in body
        assert shown == (role != "agent_b"), query


@pytest.mark.parametrize("role", ["agent_a", "agent_b", "supervisor"])
def test_supervisors_customer_list_and_its_csv_are_not_for_agents(world, role):
    client = _client(world["users"][role])
    for url in (reverse("customers:list"), reverse("customers:list") + "?formato=csv"):
        status = client.get(url).status_code
        assert status == (200 if role == "supervisor" else 403)


def test_intake_lookup_gives_another_team_only_the_minimal_identity(world):
    customer = world["customer"]
    client = _client(world["users"]["agent_b"])
    lookup = reverse("pqr:customer_lookup")
    for query in ("Gloria Salazar", customer.email, customer.phone):
        assert customer.full_name not in client.post(lookup, {"cq": query}).content.decode()
    body = client.post(lookup, {"cq": "43.111.222"}).content.decode()
    assert customer.full_name in body
    assert 'data-testid="limited-match"' in body
    assert customer.email not in body
    assert customer.phone not in body
    assert customer.city not in body
    assert "gl•••@correo.co" in body
    own = _client(world["users"]["agent_a"]).post(lookup, {"cq": "Gloria"}).content.decode()
    assert customer.full_name in own
    assert 'data-testid="limited-match"' not in own


def _new_pqr_payload(world, **extra) -> dict:
    team_b = Team.objects.get(name="Equipo B")
    return {
        "customer_id": world["customer"].pk,
        "channel": "email",
        "pqr_type": PqrType.objects.get(code="peticion").pk,
        "priority": "normal",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "subject": "Nueva solicitud",
        "description": "Pide copia del contrato.",
        "team": team_b.pk,
        **extra,
    }


def test_another_team_attaches_a_pqr_only_with_the_exact_document_typed(world):
    client = _client(world["users"]["agent_b"])
    customer = world["customer"]
    refused = client.post(reverse("pqr:create"), _new_pqr_payload(world))
    assert refused.status_code == 200
    assert customer.pqrs.count() == 1
    assert "El cliente seleccionado ya no existe" in refused.content.decode()

    client.post(reverse("pqr:create"), _new_pqr_payload(world, cq="43.111.222"))
    assert customer.pqrs.count() == 2
    # Now team B handles a PQR of this customer: the profile opens for them too.
    assert client.get(reverse("customers:detail", args=[customer.pk])).status_code == 200


def test_duplicate_warning_names_no_profile_of_another_team(world):
    client = _client(world["users"]["agent_b"])
    payload = {
        "person_type": "natural",
        "document_type": "CC",
        "document_number": "1012345678",
        "full_name": "Otra Persona",
        "email": world["customer"].email,
        "preferred_channel": "email",
        "consent_given": "on",
        "consent_channel": "phone",
    }
    body = client.post(reverse("customers:create"), payload).content.decode()
    assert 'data-testid="hidden-duplicates"' in body
    assert world["customer"].full_name not in body
    assert not Customer.objects.filter(document_number="1012345678").exists()


# --- exports that carry rows of PQRs: the surveys CSV and the legal reports -----------

EXPORT_ROLES = [*RANK, "anonymous"]


@pytest.fixture
def answered_survey(world):
    """Gloria rated team A's PQR and left a comment; an information request of team A
    sits in this month's legal report."""
    from surveys.models import SatisfactionSurvey, SurveySource, SurveyStatus
    from tests.surveys.factories import SurveyResponseFactory

    survey = SatisfactionSurvey.objects.create(
        source=SurveySource.PQR,
        pqr=world["pqr"],
        customer=world["customer"],
        status=SurveyStatus.ANSWERED,
        sent_at=timezone.now(),
    )
    SurveyResponseFactory(survey=survey, score=2, comment="Nadie me devolvió la llamada")
    info = pqr_create(
        actor=world["users"]["agent_a"],
        pqr_type=PqrType.objects.get(code="peticion_informacion"),
        channel=Channel.EMAIL,
        subject="Copia del contrato",
        description="Pide copia del contrato",
        team=Team.objects.get(name="Equipo A"),
        customer=world["customer"],
        received_at=timezone.now(),
    )
    return {
        "comment": "Nadie me devolvió la llamada",
        "radicado": world["pqr"].radicado,
        "info_radicado": info.radicado,
    }


def _export_client(world, role: str) -> Client:
    return Client() if role == "anonymous" else _client(world["users"][role])


@pytest.mark.parametrize("role", EXPORT_ROLES)
def test_surveys_csv_holds_only_the_rows_of_the_readers_teams(world, answered_survey, role):
    client = _export_client(world, role)
    team_a = Team.objects.get(name="Equipo A")
    for query in ("", f"?team={team_a.pk}"):  # naming team A in the filter changes nothing
        response = client.get(reverse("surveys:results_csv") + query)
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
            continue
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        sees = role != "agent_b"
        assert (answered_survey["comment"] in body) is sees, query
        assert (answered_survey["radicado"] in body) is sees, query


REPORT_EXPORTS = [
    (name, fmt)
    for name in ("dashboards:report_pqrs", "dashboards:report_information")
    for fmt in ("csv", "xlsx")
]


def _export_text(response, fmt: str) -> str:
    if fmt == "csv":
        return response.content.decode("utf-8-sig")
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(response.content), read_only=True)
    return " ".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )


@pytest.mark.parametrize("role", EXPORT_ROLES)
@pytest.mark.parametrize(
    ("name", "fmt"), REPORT_EXPORTS, ids=[f"{n}-{f}" for n, f in REPORT_EXPORTS]
)
def test_legal_report_exports_are_for_supervisors_only(world, answered_survey, role, name, fmt):
    response = _export_client(world, role).get(reverse(name) + f"?format={fmt}")
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif RANK[role] < 2:
        # Agents of either team: refused, and the body carries no row of team A.
        assert response.status_code == 403
        assert answered_survey["info_radicado"] not in response.content.decode()
        assert "Equipo A" not in response.content.decode()
    else:
        assert response.status_code == 200
        text = _export_text(response, fmt)
        if name == "dashboards:report_information":
            assert answered_survey["info_radicado"] in text  # every team's requests
