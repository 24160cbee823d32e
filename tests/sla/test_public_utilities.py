"""Public utilities (Ley 142/1994 art. 158): 15 business days, no prórroga, silencio
positivo at the end of day 15, recognised within 72 hours. A reclamo filed Monday 16
March 2026 is due at the end of Thursday 9 April."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from sla.models import Alert, AlertKind, Organization, PqrClock
from sla.services import extension_refusal, pqr_extension_grant, pqr_silence_recognize
from sla.sweep import sweep_run
from tests.answers import IN_PERSON
from tests.pqr.factories import make_pqr

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def utility_reclamo(agent, team_a, travel):
    Organization.objects.filter(pk=1).update(legal_regime="servicios_publicos")
    travel(at(2026, 3, 16, 10))
    return make_pqr(
        type_code="reclamo",
        received_at=at(2026, 3, 16, 9),
        actor=agent,
        team=team_a,
        assigned_to=agent,
    )


def test_utility_reclamo_has_no_extension(utility_reclamo, agent, travel):
    travel(at(2026, 3, 20, 10))
    assert "Ley 142" in extension_refusal(pqr=utility_reclamo)
    with pytest.raises(ValidationError):
        pqr_extension_grant(pqr=utility_reclamo, actor=agent, reason="x", delivery=IN_PERSON)


def test_silencio_positivo_alert_on_time_and_72_hour_recognition(utility_reclamo, agent, travel):
    due = at(2026, 4, 9, 23, 59) + timedelta(seconds=59)
    assert utility_reclamo.legal_due_at == due
    sweep_run(now=at(2026, 4, 9, 23, 59))
    assert not Alert.objects.filter(pqr=utility_reclamo, kind=AlertKind.SILENCE).exists()
    sweep_run(now=due + timedelta(seconds=1))
    assert Alert.objects.filter(pqr=utility_reclamo, kind=AlertKind.SILENCE).count() == 1
    clock = PqrClock.objects.get(pqr=utility_reclamo)
    assert clock.silence_flag == "accepted"
    # 72 hours later (Sunday 12 April, 23:59:59) the recognition is overdue.
    sweep_run(now=due + timedelta(hours=72) - timedelta(minutes=1))
    assert not Alert.objects.filter(
        pqr=utility_reclamo, kind=AlertKind.SILENCE_RECOGNITION
    ).exists()
    sweep_run(now=due + timedelta(hours=72))
    assert Alert.objects.filter(pqr=utility_reclamo, kind=AlertKind.SILENCE_RECOGNITION).exists()


def test_recognition_recorded_stops_the_72_hour_alert(utility_reclamo, agent, travel):
    due = utility_reclamo.legal_due_at
    sweep_run(now=due + timedelta(minutes=1))
    travel(due + timedelta(hours=20))
    with pytest.raises(ValidationError, match="Describa"):
        pqr_silence_recognize(pqr=utility_reclamo, actor=agent, note=" ")
    clock = pqr_silence_recognize(
        pqr=utility_reclamo, actor=agent, note="Se reliquidó la factura como pidió el usuario."
    )
    assert clock.silence_recognized_at == due + timedelta(hours=20)
    sweep_run(now=due + timedelta(hours=80))
    assert not Alert.objects.filter(
        pqr=utility_reclamo, kind=AlertKind.SILENCE_RECOGNITION
    ).exists()
    with pytest.raises(ValidationError, match="ya fue reconocido"):
        pqr_silence_recognize(pqr=utility_reclamo, actor=agent, note="Otra vez")


def test_recognition_refused_without_silence(agent, travel):
    travel(at(2026, 3, 16, 10))
    pqr = make_pqr(type_code="reclamo", actor=agent)
    with pytest.raises(ValidationError, match="no tiene silencio"):
        pqr_silence_recognize(pqr=pqr, actor=agent, note="Reconocido")
