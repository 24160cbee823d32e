"""An agent files PQRs only into their own teams: the form offers only those, and a
posted id of another team is refused on the server (issue 11, finding 8)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pqr.models import Pqr, PqrType

from .factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _payload(team, customer) -> dict:
    return {
        "customer_id": customer.pk,
        "channel": "email",
        "pqr_type": PqrType.objects.get(code="peticion").pk,
        "priority": "normal",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "subject": "Copia del contrato",
        "description": "Pide copia del contrato firmado.",
        "team": team.pk,
    }


@pytest.fixture
def own_customer(agent):
    return CustomerFactory(created_by=agent)


def _team_choices(client) -> list[str]:
    form = client.get(reverse("pqr:create")).context["form"]
    return [str(label) for _value, label in form.fields["team"].choices if _value]


def test_form_offers_an_agent_only_their_teams(agent_client, team_a, team_b):
    assert _team_choices(agent_client) == ["Equipo A"]


def test_supervisor_may_file_into_any_team(supervisor_client, team_a, team_b):
    assert sorted(_team_choices(supervisor_client)) == ["Equipo A", "Equipo B"]


def test_posting_another_teams_id_is_refused_and_keeps_the_text(
    agent_client, team_a, team_b, own_customer
):
    response = agent_client.post(reverse("pqr:create"), _payload(team_b, own_customer))
    assert response.status_code == 200
    assert not Pqr.objects.exists()
    body = response.content.decode()
    assert "Escoja una opción válida" in body
    assert "Pide copia del contrato firmado." in body  # what was typed stays


def test_agent_files_into_own_team_and_then_sees_it(agent_client, team_a, team_b, own_customer):
    response = agent_client.post(reverse("pqr:create"), _payload(team_a, own_customer))
    pqr = Pqr.objects.get()
    assert response.status_code == 302
    assert pqr.team == team_a
    assert agent_client.get(reverse("pqr:detail", args=[pqr.pk])).status_code == 200
