"""The prórroga action is scoped like every other PQR action, and only for open PQRs."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from pqr.models import PqrType
from pqr.services import pqr_create
from tests.answers import resolve_answered
from tests.pqr.refused import back_on_the_pqr_page

# The PQR has no email: the prórroga is told by phone, with its constancia.
PHONE_FIELDS = {
    "nextension-channel": "phone",
    "nextension-constancia": "Se le llamó y se le explicó.",
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def peticion(agent, team_a):
    return pqr_create(
        actor=agent,
        pqr_type=PqrType.objects.get(code="peticion"),
        channel="email",
        subject="Certificado",
        description="Necesito un certificado de paz y salvo.",
        team=team_a,
        assigned_to=agent,
    )


def _extend(client, pqr):
    return client.post(
        reverse("pqr:extension", args=[pqr.pk]),
        {"reason": "Consulta técnica", **PHONE_FIELDS},
        follow=True,
    )


def test_agent_of_another_team_cannot_extend(peticion, team_b):
    outsider = Client()
    outsider.force_login(get_user_model().objects.get(username="agente.b"))
    before = peticion.legal_due_at
    assert _extend(outsider, peticion).status_code == 404
    peticion.refresh_from_db()
    assert peticion.legal_due_at == before
    assert not peticion.clock.extension_used


def test_resolved_pqr_cannot_be_extended(agent, agent_client, peticion):
    resolve_answered(peticion, agent, note="Enviado el certificado.")
    peticion.refresh_from_db()
    before = peticion.legal_due_at
    page = back_on_the_pqr_page(_extend(agent_client, peticion), peticion)
    assert "Solo se concede prórroga a una PQR abierta" in page
    peticion.refresh_from_db()
    assert peticion.legal_due_at == before
    assert not peticion.clock.extension_used


def test_own_team_agent_extends_an_open_pqr(agent_client, peticion):
    before = peticion.legal_due_at
    _extend(agent_client, peticion)
    peticion.refresh_from_db()
    assert peticion.clock.extension_used
    assert peticion.legal_due_at > before
