from datetime import timedelta

import pytest
from django.utils import timezone

from customers.models import AngerLevel
from pqr.attachments import fake_upload
from pqr.models import MessageKind, Pqr, PqrEvent, Priority, Status
from pqr.services import (
    pqr_anger_record,
    pqr_assign,
    pqr_attachment_add,
    pqr_message_add,
    pqr_update,
    protocol_step_record,
)
from tests.answers import IN_PERSON


def _kinds(pqr):
    return list(PqrEvent.objects.filter(pqr=pqr).values_list("kind", flat=True))


def test_creation_writes_created_event_with_radicado(peticion, agent):
    event = PqrEvent.objects.get(pqr=peticion, kind="created")
    assert event.actor == agent
    assert event.new_value == peticion.radicado


def test_assignment_writes_event_and_moves_to_asignado(peticion, agent):
    pqr_assign(pqr=peticion, actor=agent, assigned_to=agent)
    peticion.refresh_from_db()
    assert peticion.assigned_to == agent
    assert peticion.status == Status.ASIGNADO
    assert _kinds(peticion)[-2:] == ["assigned", "status"]


def test_assignment_to_someone_outside_the_team_is_refused(peticion, agent, team_b):
    from django.core.exceptions import ValidationError

    outsider = team_b.members.get()
    with pytest.raises(ValidationError, match="no pertenece"):
        pqr_assign(pqr=peticion, actor=agent, assigned_to=outsider)


def test_field_edit_records_old_and_new_values(peticion, agent):
    pqr_update(pqr=peticion, actor=agent, subject="Asunto corregido", priority=Priority.ALTA)
    events = PqrEvent.objects.filter(pqr=peticion, kind="field").order_by("id")
    assert [(e.field, e.old_value, e.new_value) for e in events] == [
        ("subject", "Cobro no reconocido en la factura", "Asunto corregido"),
        ("priority", "Normal", "Alta"),
    ]


def test_unchanged_field_edit_writes_no_event(peticion, agent):
    before = PqrEvent.objects.count()
    pqr_update(pqr=peticion, actor=agent, subject=peticion.subject)
    assert PqrEvent.objects.count() == before


def test_anger_at_ira_flags_supervisor_and_raises_one_alert(peticion, agent, monkeypatch):
    alerts = []
    monkeypatch.setattr("sla.services.alert_raise", lambda **kw: alerts.append(kw))
    pqr_anger_record(pqr=peticion, level=AngerLevel.INDIGNADO, actor=agent)
    assert not Pqr.objects.get(pk=peticion.pk).needs_supervisor
    pqr_anger_record(pqr=peticion, level=AngerLevel.IRA, actor=agent)
    pqr_anger_record(pqr=peticion, level=AngerLevel.VIOLENCIA, actor=agent)
    peticion.refresh_from_db()
    assert peticion.needs_supervisor
    assert peticion.anger_level == AngerLevel.VIOLENCIA
    assert alerts == [{"pqr": peticion, "kind": "anger"}]
    assert _kinds(peticion).count("anger") == 3


def test_intake_at_ira_flags_supervisor_and_alerts(team_a, agent, monkeypatch):
    from .factories import make_pqr

    alerts = []
    monkeypatch.setattr("sla.services.alert_raise", lambda **kw: alerts.append(kw["kind"]))
    pqr = make_pqr(actor=agent, team=team_a, anger_level=AngerLevel.IRA)
    assert pqr.needs_supervisor
    assert pqr.anger_level_at_intake == AngerLevel.IRA
    assert alerts == ["anger"]


def test_public_answer_sets_first_response_and_event(peticion, agent):
    message = pqr_message_add(
        pqr=peticion,
        actor=agent,
        kind=MessageKind.PUBLIC_ANSWER,
        body="Ya revisamos su caso.",
        delivery=IN_PERSON,
    )
    peticion.refresh_from_db()
    assert peticion.first_responded_at == message.created_at
    assert peticion.status == Status.EN_TRAMITE
    assert "message" in _kinds(peticion)


def test_internal_note_does_not_count_as_response(peticion, agent):
    pqr_message_add(pqr=peticion, actor=agent, kind=MessageKind.INTERNAL_NOTE, body="Ver contrato")
    peticion.refresh_from_db()
    assert peticion.first_responded_at is None
    assert peticion.status == Status.RADICADO
    assert "note" in _kinds(peticion)


def test_attachment_writes_event(peticion, agent):
    pqr_attachment_add(pqr=peticion, upload=fake_upload(b"%PDF-1.4 x", "factura.pdf"), actor=agent)
    event = PqrEvent.objects.filter(pqr=peticion, kind="attachment").get()
    assert event.new_value == "factura.pdf"


def test_protocol_step_writes_event(reclamo, agent):
    protocol_step_record(pqr=reclamo, step=1, actor=agent, note="Se ofrecieron disculpas")
    event = PqrEvent.objects.filter(pqr=reclamo, kind="protocol").get()
    assert event.new_value == "Disculparse"
    assert event.actor == agent


def test_events_cannot_be_edited_or_deleted(peticion):
    event = PqrEvent.objects.filter(pqr=peticion).first()
    event.note = "cambiado"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        PqrEvent.objects.filter(pqr=peticion).update(note="x")


def test_verbal_channel_requires_constancia(team_a, agent):
    from django.core.exceptions import ValidationError

    from .factories import make_pqr

    with pytest.raises(ValidationError, match="constancia"):
        make_pqr(actor=agent, team=team_a, channel="telefono")
    pqr = make_pqr(
        actor=agent, team=team_a, channel="telefono", verbal_constancia="Pidió copia; se envió"
    )
    assert pqr.verbal_constancia


def test_received_at_can_be_earlier_than_creation(team_a, agent):
    from .factories import make_pqr

    letter_day = timezone.now() - timedelta(days=3)
    pqr = make_pqr(actor=agent, team=team_a, channel="carta", received_at=letter_day)
    assert pqr.received_at == letter_day
    assert pqr.created_at > letter_day
