import pytest
from django.core.exceptions import ValidationError

from pqr.models import CLOSED_STATUSES, OPEN_STATUSES, Pqr, PqrEvent, Status
from pqr.services import TRANSITIONS, pqr_transition
from tests.answers import answer_in_person, resolve_answered

DETAILS = {
    "note": "Motivo registrado por el agente",
    "transfer_destination": "Superintendencia de Industria y Comercio",
    "rejection_reason": "Escrito irrespetuoso",
}
ALL_PAIRS = [(a, b) for a in Status.values for b in Status.values]


def _put_in(pqr: Pqr, status: str) -> Pqr:
    # Test arrangement only: production code changes status through pqr_transition.
    Pqr.objects.filter(pk=pqr.pk).update(status=status)
    pqr.refresh_from_db()
    return pqr


@pytest.mark.parametrize(
    ("old", "new"), [pair for pair in ALL_PAIRS if pair[1] in TRANSITIONS[pair[0]]]
)
def test_allowed_transition_changes_status_and_writes_event(peticion, agent, old, new):
    if new == Status.RESUELTO:
        answer_in_person(peticion, agent)  # resolving needs an answer that went out
    pqr = _put_in(peticion, old)
    pqr_transition(pqr=pqr, to_status=new, actor=agent, **DETAILS)
    pqr.refresh_from_db()
    assert pqr.status == new
    event = PqrEvent.objects.filter(pqr=pqr, kind="status").latest("id")
    assert (event.old_value, event.new_value, event.actor) == (old, new, agent)


@pytest.mark.parametrize(
    ("old", "new"), [pair for pair in ALL_PAIRS if pair[1] not in TRANSITIONS[pair[0]]]
)
def test_refused_transition_changes_nothing(peticion, agent, old, new):
    pqr = _put_in(peticion, old)
    events_before = PqrEvent.objects.filter(pqr=pqr).count()
    with pytest.raises(ValidationError, match="No se puede pasar una PQR"):
        pqr_transition(pqr=pqr, to_status=new, actor=agent, **DETAILS)
    pqr.refresh_from_db()
    assert pqr.status == old
    assert PqrEvent.objects.filter(pqr=pqr).count() == events_before


def test_every_status_is_open_or_closed():
    assert set(OPEN_STATUSES) | set(CLOSED_STATUSES) == set(Status.values)
    assert not set(OPEN_STATUSES) & set(CLOSED_STATUSES)


def test_transfer_requires_destination_and_records_it(peticion, agent):
    with pytest.raises(ValidationError, match="entidad"):
        pqr_transition(pqr=peticion, to_status=Status.TRASLADADO, actor=agent)
    pqr_transition(
        pqr=peticion, to_status=Status.TRASLADADO, actor=agent, transfer_destination="Alcaldía"
    )
    peticion.refresh_from_db()
    assert peticion.transfer_destination == "Alcaldía"
    assert peticion.transferred_on is not None
    assert peticion.closed_at is not None


def test_reject_requires_reason(peticion, agent):
    with pytest.raises(ValidationError, match="motivo"):
        pqr_transition(pqr=peticion, to_status=Status.RECHAZADO, actor=agent)
    peticion.refresh_from_db()
    assert peticion.status == Status.RADICADO


def test_request_completion_requires_what_is_missing_and_stamps_date(peticion, agent):
    with pytest.raises(ValidationError):
        pqr_transition(pqr=peticion, to_status=Status.EN_ESPERA_CLIENTE, actor=agent)
    pqr_transition(
        pqr=peticion, to_status=Status.EN_ESPERA_CLIENTE, actor=agent, note="Copia de la factura"
    )
    peticion.refresh_from_db()
    assert peticion.completion_requested_at is not None


def test_reopen_requires_reason_and_clears_closing_dates(peticion, agent):
    from pqr.services import pqr_close, pqr_reopen

    resolve_answered(peticion, agent)
    pqr_close(pqr=peticion, actor=agent)
    with pytest.raises(ValidationError):
        pqr_reopen(pqr=peticion, actor=agent, reason="")
    pqr_reopen(pqr=peticion, actor=agent, reason="El cliente aportó un hecho nuevo")
    peticion.refresh_from_db()
    assert peticion.status == Status.REABIERTO
    assert peticion.resolved_at is None
    assert peticion.closed_at is None


def test_status_change_calls_sla_clock_hook(peticion, agent, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "sla.services.pqr_clock_status_changed", lambda **kwargs: calls.append(kwargs)
    )
    pqr_transition(pqr=peticion, to_status=Status.EN_TRAMITE, actor=agent)
    assert calls == [
        {
            "pqr": peticion,
            "old_status": "radicado",
            "new_status": "en_tramite",
            "actor": agent,
            "resume_on": None,
        }
    ]
