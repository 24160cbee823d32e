"""Once a PQR is resolved, its pages stop counting down and say how the term ended."""

import pytest
from django.urls import reverse

from pqr.models import PqrType
from pqr.services import pqr_create, pqr_message_add, pqr_resolve
from tests.answers import IN_PERSON

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(agent, team_a):
    pqr = pqr_create(
        actor=agent,
        pqr_type=PqrType.objects.get(code="peticion"),
        channel="email",
        subject="Copia del contrato",
        description="Solicito copia de mi contrato.",
        team=team_a,
        assigned_to=agent,
    )
    pqr_message_add(
        pqr=pqr, actor=agent, kind="public", body="Adjuntamos la copia.", delivery=IN_PERSON
    )
    pqr_resolve(pqr=pqr, actor=agent, note="Enviada.")
    pqr.refresh_from_db()
    return pqr


def test_resolved_pqr_shows_the_outcome_instead_of_time_left(agent_client, answered):
    body = agent_client.get(reverse("pqr:detail", args=[answered.pk])).content.decode()
    assert answered.resolved_within_due is True
    assert "Resuelta a tiempo" in body
    assert "días hábiles</span>" not in body


def test_sla_panel_shows_when_the_first_answer_went_out(agent_client, answered):
    body = agent_client.get(reverse("pqr:detail", args=[answered.pk])).content.decode()
    assert "Respondida el" in body
