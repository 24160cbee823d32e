"""Detail-page actions through the HTTP views: the resulting status and event, and
the message the agent reads when the input is refused."""

import pytest
from django.urls import reverse

from customers.models import DifficultyTag
from pqr.models import CustomerEmail, EventKind, PqrEvent, ProtocolStep, RootCause, Status
from pqr.services import pqr_reject, pqr_transition
from tests.answers import IN_PERSON, answer_in_person, resolve_answered
from tests.factories import UserFactory

from .factories import make_pqr
from .refused import back_on_the_pqr_page

NOTIFIED = ("request_completion", "transfer", "reject", "desist", "desist_tacit")


def _act(client, pqr, action: str, **data):
    if action in NOTIFIED and pqr.customer_id is None:
        # No email on these PQRs: the decision is told in person, with its constancia.
        data.setdefault(f"n{action}-channel", "in_person")
        data.setdefault(f"n{action}-constancia", "Se le comunicó en la oficina.")
    return client.post(reverse("pqr:transition", args=[pqr.pk, action]), data, follow=True)


def _status_events(pqr) -> list[str]:
    return list(
        PqrEvent.objects.filter(pqr=pqr, kind=EventKind.STATUS).values_list("new_value", flat=True)
    )


@pytest.fixture
def teammate(team_a):
    user = UserFactory(username="agente.companera", first_name="Marta", role="Agente")
    team_a.members.add(user)
    return user


@pytest.fixture
def in_progress(agent, reclamo):
    pqr_transition(pqr=reclamo, to_status=Status.EN_TRAMITE, actor=agent)
    return reclamo


# --- assign ------------------------------------------------------------------------


def test_assign_to_teammate_moves_to_asignado_and_records_event(
    agent_client, peticion, team_a, teammate
):
    response = agent_client.post(
        reverse("pqr:assign", args=[peticion.pk]),
        {"team": team_a.pk, "assigned_to": teammate.pk},
        follow=True,
    )
    peticion.refresh_from_db()
    assert peticion.assigned_to == teammate
    assert peticion.status == Status.ASIGNADO
    event = PqrEvent.objects.get(pqr=peticion, kind=EventKind.ASSIGNED, field="assigned_to")
    assert "Marta" in event.new_value
    assert "Asignación actualizada" in response.content.decode()


def test_assign_to_someone_outside_the_team_is_refused(agent_client, peticion, team_a):
    outsider = UserFactory(username="agente.externo", role="Agente")
    response = agent_client.post(
        reverse("pqr:assign", args=[peticion.pk]),
        {"team": team_a.pk, "assigned_to": outsider.pk},
        follow=True,
    )
    peticion.refresh_from_db()
    assert peticion.assigned_to is None
    assert peticion.status == Status.RADICADO
    assert "Agente:" in response.content.decode()
    assert not PqrEvent.objects.filter(pqr=peticion, kind=EventKind.ASSIGNED).exists()


def test_assign_without_changes_says_so(agent_client, peticion, team_a):
    response = agent_client.post(
        reverse("pqr:assign", args=[peticion.pk]), {"team": team_a.pk}, follow=True
    )
    assert "No hay cambios en la asignación" in response.content.decode()


# --- transfer ------------------------------------------------------------------------


def test_transfer_records_destination_and_queues_the_notice(agent_client, reclamo):
    response = _act(
        agent_client,
        reclamo,
        "transfer",
        destination="Superintendencia de Industria y Comercio",
        note="Asunto de protección al consumidor",
    )
    reclamo.refresh_from_db()
    assert reclamo.status == Status.TRASLADADO
    assert reclamo.transfer_destination == "Superintendencia de Industria y Comercio"
    assert reclamo.transferred_on is not None
    assert _status_events(reclamo) == [Status.TRASLADADO]
    assert CustomerEmail.objects.filter(pqr=reclamo, kind="transfer").count() == 1
    assert "Trasladado" in response.content.decode()


def test_transfer_without_destination_is_refused(agent_client, reclamo):
    response = _act(agent_client, reclamo, "transfer", destination="  ")
    reclamo.refresh_from_db()
    assert reclamo.status == Status.RADICADO
    assert "Indique a qué entidad se traslada" in response.content.decode()
    assert _status_events(reclamo) == []


# --- request completion -----------------------------------------------------------


def test_request_completion_suspends_and_tells_the_customer(agent_client, reclamo):
    _act(agent_client, reclamo, "request_completion", note="Copia de la factura de octubre")
    reclamo.refresh_from_db()
    assert reclamo.status == Status.EN_ESPERA_CLIENTE
    assert reclamo.completion_requested_at is not None
    event = PqrEvent.objects.get(pqr=reclamo, kind=EventKind.STATUS)
    assert event.note == "Copia de la factura de octubre"
    assert CustomerEmail.objects.filter(pqr=reclamo, kind="completion_request").exists()


def test_request_completion_needs_what_is_missing(agent_client, reclamo):
    response = _act(agent_client, reclamo, "request_completion", note="")
    reclamo.refresh_from_db()
    assert reclamo.status == Status.RADICADO
    assert "qué información le falta" in response.content.decode()


# --- reject ----------------------------------------------------------------------------


def test_reject_with_reason_archives(agent_client, peticion):
    _act(agent_client, peticion, "reject", reason="Texto ininteligible; no se pudo aclarar.")
    peticion.refresh_from_db()
    assert peticion.status == Status.RECHAZADO
    assert peticion.rejection_reason == "Texto ininteligible; no se pudo aclarar."
    assert peticion.closed_at is not None
    assert _status_events(peticion) == [Status.RECHAZADO]


def test_reject_without_reason_is_refused(agent_client, peticion):
    response = _act(agent_client, peticion, "reject", reason="")
    peticion.refresh_from_db()
    assert peticion.status == Status.RADICADO
    assert "Indique el motivo del rechazo" in response.content.decode()


# --- desist ----------------------------------------------------------------------------


def test_express_desist_records_kind_in_event(agent_client, in_progress):
    _act(agent_client, in_progress, "desist", note="El ciudadano retiró la petición por escrito")
    in_progress.refresh_from_db()
    assert in_progress.status == Status.DESISTIDO
    event = PqrEvent.objects.filter(pqr=in_progress, kind=EventKind.STATUS).last()
    assert event.new_value == Status.DESISTIDO
    assert "expreso" in event.note


def test_tacit_desist_without_completion_request_is_refused(agent_client, in_progress):
    response = _act(agent_client, in_progress, "desist_tacit", note="Sin respuesta")
    in_progress.refresh_from_db()
    assert in_progress.status == Status.EN_TRAMITE
    assert "solo procede después de pedir al ciudadano" in response.content.decode()


# --- close and reopen --------------------------------------------------------------------


def test_close_after_resolution(agent_client, agent, peticion):
    resolve_answered(peticion, agent)
    _act(agent_client, peticion, "close")
    peticion.refresh_from_db()
    assert peticion.status == Status.CERRADO
    assert peticion.closed_at is not None
    assert _status_events(peticion)[-1] == Status.CERRADO


def test_close_an_unresolved_pqr_is_refused(agent_client, peticion):
    response = _act(agent_client, peticion, "close")
    peticion.refresh_from_db()
    assert peticion.status == Status.RADICADO
    assert "«Cerrado»" in response.content.decode()


def test_reopen_with_reason_clears_resolution(agent_client, agent, peticion):
    resolve_answered(peticion, agent)
    _act(agent_client, peticion, "reopen", reason="El cliente dice que el cobro volvió a salir")
    peticion.refresh_from_db()
    assert peticion.status == Status.REABIERTO
    assert peticion.resolved_at is None
    event = PqrEvent.objects.filter(pqr=peticion, kind=EventKind.STATUS).last()
    assert event.note == "El cliente dice que el cobro volvió a salir"


def test_reopen_without_reason_is_refused(agent_client, agent, peticion):
    resolve_answered(peticion, agent)
    response = _act(agent_client, peticion, "reopen", reason="")
    peticion.refresh_from_db()
    assert peticion.status == Status.RESUELTO
    assert "Explique por qué se reabre" in response.content.decode()


def test_resolve_reclamo_through_the_page_needs_root_cause(agent_client, agent, reclamo):
    from pqr.services import protocol_step_record

    for step in range(1, 7):
        protocol_step_record(
            pqr=reclamo, step=step, actor=agent, note="Hecho", compensation_kind="none"
        )
    answer_in_person(reclamo, agent)
    response = _act(agent_client, reclamo, "resolve")
    reclamo.refresh_from_db()
    assert reclamo.status == Status.EN_TRAMITE
    assert "Seleccione la causa raíz" in response.content.decode()
    cause = RootCause.objects.get(code="falla_proceso")
    _act(agent_client, reclamo, "resolve", root_cause=cause.pk)
    reclamo.refresh_from_db()
    assert reclamo.status == Status.RESUELTO
    assert reclamo.root_cause == cause


def test_unknown_action_is_404_and_get_is_not_allowed(agent_client, peticion):
    assert _act(agent_client, peticion, "borrar").status_code == 404
    url = reverse("pqr:transition", args=[peticion.pk, "close"])
    assert agent_client.get(url).status_code == 405


def test_actions_on_another_teams_pqr_are_404(agent_client, agent, team_b):
    other = make_pqr(actor=agent, team=team_b)
    assert _act(agent_client, other, "reject", reason="x").status_code == 404
    other.refresh_from_db()
    assert other.status == Status.RADICADO


# --- protocol step not applicable ----------------------------------------------------------


def test_protocol_step_not_applicable_without_justification_is_refused(agent_client, reclamo):
    response = agent_client.post(
        reverse("pqr:protocol_step", args=[reclamo.pk]),
        {"s4_state": "na", "s4_note": "   "},
        follow=True,
    )
    assert not ProtocolStep.objects.filter(pqr=reclamo).exists()
    body = back_on_the_pqr_page(response, reclamo)
    assert "Para marcar un paso como no aplica debe justificarlo." in body


def test_protocol_step_not_applicable_with_justification_is_recorded(agent_client, reclamo):
    agent_client.post(
        reverse("pqr:protocol_step", args=[reclamo.pk]),
        {"s4_state": "na", "s4_note": "No hubo perjuicio económico"},
    )
    step = ProtocolStep.objects.get(pqr=reclamo, step=4)
    assert step.not_applicable
    assert step.justification == "No hubo perjuicio económico"
    assert PqrEvent.objects.filter(pqr=reclamo, kind=EventKind.PROTOCOL).exists()


def test_protocol_step_on_a_peticion_is_refused(agent_client, peticion):
    response = agent_client.post(
        reverse("pqr:protocol_step", args=[peticion.pk]),
        {"s1_state": "done", "s1_note": "Disculpas"},
        follow=True,
    )
    assert not ProtocolStep.objects.exists()
    assert "no usa el protocolo" in back_on_the_pqr_page(response, peticion)


# --- tag the customer from the PQR page ------------------------------------------------------


def test_tag_from_pqr_page_shows_confirmation_and_guidance(agent_client, reclamo):
    tag = DifficultyTag.objects.filter(is_active=True).first()
    response = agent_client.post(
        reverse("pqr:tag", args=[reclamo.pk]),
        {"tag": tag.pk, "reason": "Levantó la voz y amenazó con redes sociales"},
        follow=True,
    )
    body = response.content.decode()
    assert "Etiqueta asignada al cliente" in body
    assert tag.guidance[:30] in body
    event = PqrEvent.objects.get(pqr=reclamo, kind=EventKind.TAG)
    assert event.new_value == tag.name


def test_tag_without_reason_is_refused(agent_client, reclamo):
    tag = DifficultyTag.objects.filter(is_active=True).first()
    response = agent_client.post(
        reverse("pqr:tag", args=[reclamo.pk]), {"tag": tag.pk, "reason": ""}, follow=True
    )
    assert not reclamo.customer.tag_assignments.exists()
    assert "Motivo (qué pasó en este contacto):" in response.content.decode()


def test_tag_on_anonymous_pqr_is_refused(agent_client, peticion):
    tag = DifficultyTag.objects.filter(is_active=True).first()
    response = agent_client.post(
        reverse("pqr:tag", args=[peticion.pk]), {"tag": tag.pk, "reason": "Gritó"}, follow=True
    )
    assert "La PQR es anónima" in response.content.decode()
    assert not PqrEvent.objects.filter(pqr=peticion, kind=EventKind.TAG).exists()


# --- a refused action keeps what was typed -------------------------------------------------


def test_refused_transfer_keeps_the_note_and_reopens_the_form(agent_client, reclamo):
    response = _act(
        agent_client, reclamo, "transfer", destination="", note="Es asunto de la SIC, no nuestro"
    )
    body = back_on_the_pqr_page(response, reclamo)
    assert "Indique a qué entidad se traslada" in body
    assert "Es asunto de la SIC, no nuestro" in body
    assert "<details open><summary>Trasladar a otra entidad" in body


def test_refused_protocol_step_keeps_the_note(agent_client, reclamo):
    response = agent_client.post(
        reverse("pqr:protocol_step", args=[reclamo.pk]),
        {
            "s4_state": "done",
            "s4_note": "Se acordó devolver el valor del cobro doble",
            "compensation_kind": "refund",
        },
        follow=True,
    )
    body = back_on_the_pqr_page(response, reclamo)
    assert "Indique el valor de la compensación" in body
    assert "Se acordó devolver el valor del cobro doble" in body
    assert not ProtocolStep.objects.filter(pqr=reclamo).exists()


def test_refused_tag_keeps_the_reason(agent_client, agent, reclamo):
    from customers.services import customer_tag_assign

    tag = DifficultyTag.objects.filter(is_active=True).first()
    customer_tag_assign(customer=reclamo.customer, tag=tag, reason="Primera vez", actor=agent)
    response = agent_client.post(
        reverse("pqr:tag", args=[reclamo.pk]),
        {"tag": tag.pk, "reason": "Volvió a gritar al asesor en la sede"},
        follow=True,
    )
    body = back_on_the_pqr_page(response, reclamo)
    assert "ya tiene esta etiqueta vigente" in body
    assert "Volvió a gritar al asesor en la sede" in body
    assert reclamo.customer.tag_assignments.count() == 1


def test_refused_answer_keeps_the_text_typed(agent_client, agent, peticion):
    pqr_reject(pqr=peticion, actor=agent, reason="Irrespetuosa", delivery=IN_PERSON)
    response = agent_client.post(
        reverse("pqr:message_add", args=[peticion.pk]),
        {"kind": "public", "body": "Texto largo de la respuesta que no debe perderse"},
        follow=True,
    )
    body = back_on_the_pqr_page(response, peticion)
    assert "Texto largo de la respuesta que no debe perderse" in body
    assert "reábrala antes de responder" in body
