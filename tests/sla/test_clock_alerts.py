"""Thresholds, clock stops and silence effects, checked through the sweep
(eager Celery: emails land in mail.outbox). Office hours 08:00-17:00."""

from datetime import date

import pytest
from django.core import mail

from core.roles import Role
from pqr.services import pqr_message_add, pqr_transition
from sla.calendar import BOGOTA
from sla.models import Alert, AlertKind, Organization, PqrClock, SlaPolicy
from sla.sweep import sweep_run
from tests.answers import IN_PERSON, answer_in_person
from tests.factories import UserFactory
from tests.pqr.factories import make_pqr
from tests.sla.alert_emails import email_every_alert
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db


def kinds(pqr):
    return set(Alert.objects.filter(pqr=pqr).values_list("kind", flat=True))


@pytest.fixture
def boss(team_a):
    user = UserFactory(username="jefa.equipo", role=Role.SUPERVISOR, email="jefa@example.com")
    team_a.supervisors.add(user)
    return user


def _pqr(travel, agent, team_a, received=None, **kw):
    received = received or at(2026, 3, 16, 8)
    travel(received)
    return make_pqr(received_at=received, actor=agent, team=team_a, assigned_to=agent, **kw)


def test_warning_follows_the_configured_share(agent, team_a, travel):
    Organization.objects.filter(pk=1).update(warning_share=50)
    pqr = _pqr(travel, agent, team_a)
    # 16 business days of 9 office hours to 9 April; half of 144 h ends 26 March 17:00.
    assert PqrClock.objects.get(pqr=pqr).next_threshold_at == at(2026, 3, 26, 17)
    sweep_run(now=at(2026, 3, 26, 16, 59))
    assert kinds(pqr) == set()
    sweep_run(now=at(2026, 3, 26, 17))
    assert kinds(pqr) == {"warning"}


def test_default_warning_at_three_quarters(agent, team_a, travel):
    pqr = _pqr(travel, agent, team_a)
    sweep_run(now=at(2026, 4, 1, 16, 59))
    assert kinds(pqr) == set()
    sweep_run(now=at(2026, 4, 1, 17))  # 108 of 144 office hours
    assert kinds(pqr) == {"warning"}


def test_due_today_at_opening_of_the_due_day(agent, team_a, travel):
    pqr = _pqr(travel, agent, team_a)
    sweep_run(now=at(2026, 4, 2, 10))
    sweep_run(now=at(2026, 4, 9, 7, 59))
    assert kinds(pqr) == {"warning"}
    sweep_run(now=at(2026, 4, 9, 8))
    assert kinds(pqr) == {"warning", "due_today"}


def test_late_first_sweep_sends_only_the_latest_stage(agent, team_a, travel):
    pqr = _pqr(travel, agent, team_a)
    sweep_run(now=at(2026, 4, 10, 9))  # e.g. after an outage: no stale warning
    assert kinds(pqr) == {"resolution_breach", "legal_breach"}


def test_first_response_breach_alone_when_the_promise_is_missed(agent, team_a, travel):
    SlaPolicy.objects.create(
        name="Cuatro horas", first_response_value=4, resolution_value=5, resolution_unit="days"
    )
    pqr = _pqr(travel, agent, team_a, received=at(2026, 3, 16, 9))
    assert pqr.first_response_due_at == at(2026, 3, 16, 13)
    sweep_run(now=at(2026, 3, 16, 12, 59))
    assert kinds(pqr) == set()
    sweep_run(now=at(2026, 3, 16, 13))
    assert kinds(pqr) == {"first_response_breach"}


def test_answered_pqr_has_no_first_response_breach(agent, team_a, travel):
    SlaPolicy.objects.create(name="Cuatro horas", first_response_value=4, resolution_value=5)
    pqr = _pqr(travel, agent, team_a, received=at(2026, 3, 16, 9))
    travel(at(2026, 3, 16, 11))
    pqr_message_add(
        pqr=pqr, actor=agent, kind="public", body="Ya revisamos su caso", delivery=IN_PERSON
    )
    sweep_run(now=at(2026, 3, 16, 14))
    assert "first_response_breach" not in kinds(pqr)


def test_resolution_breach_before_legal_breach(agent, team_a, travel):
    SlaPolicy.objects.create(name="Cinco días", first_response_value=40, resolution_value=5)
    pqr = _pqr(travel, agent, team_a)
    travel(at(2026, 3, 16, 9))
    pqr_message_add(pqr=pqr, actor=agent, kind="public", body="Recibido", delivery=IN_PERSON)
    sweep_run(now=at(2026, 3, 25, 9))  # promised by Tuesday 24 March
    assert "resolution_breach" in kinds(pqr)
    assert "legal_breach" not in kinds(pqr)
    sweep_run(now=at(2026, 4, 10, 9))  # legal term ended 9 April
    assert "legal_breach" in kinds(pqr)


def test_anger_ira_alerts_the_supervisor_by_email(
    agent, team_a, boss, travel, django_capture_on_commit_callbacks
):
    email_every_alert(boss, kinds=[AlertKind.ANGER])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pqr = _pqr(travel, agent, team_a, anger_level=5)
    assert kinds(pqr) == {"anger"}
    assert any(boss.email in m.to and pqr.radicado in m.subject for m in mail.outbox)


def test_anger_below_ira_raises_nothing(agent, team_a, travel):
    pqr = _pqr(travel, agent, team_a, anger_level=4)
    assert kinds(pqr) == set()


def test_resolved_pqr_clock_stops_and_reopening_resumes_it(agent, team_a, travel):
    pqr = _pqr(travel, agent, team_a, received=at(2026, 3, 16, 10))
    travel(at(2026, 3, 17, 10))
    answer_in_person(pqr, agent)
    pqr_transition(pqr=pqr, to_status="resuelto", actor=agent)
    assert PqrClock.objects.get(pqr=pqr).next_threshold_at is None
    sweep_run(now=at(2026, 4, 10, 9))
    assert kinds(pqr) == set()
    travel(at(2026, 3, 20, 10))
    pqr_transition(pqr=pqr, to_status="reabierto", actor=agent, note="No quedó resuelto")
    pqr.refresh_from_db()
    # 14 business days were left on 17 March; they run again after Friday 20 March.
    assert pqr.legal_due_at.astimezone(BOGOTA).date() == date(2026, 4, 14)
    sweep_run(now=at(2026, 4, 14, 12))
    assert "resolution_breach" not in kinds(pqr)
    sweep_run(now=at(2026, 4, 15, 9))
    assert "resolution_breach" in kinds(pqr)


def test_transfer_within_five_business_days_is_on_time(agent, team_a, travel):
    pqr = _pqr(travel, agent, team_a)
    travel(at(2026, 3, 24, 16))
    pqr_transition(pqr=pqr, to_status="trasladado", actor=agent, transfer_destination="SIC")
    clock = PqrClock.objects.get(pqr=pqr)
    assert clock.transfer_due_at.astimezone(BOGOTA).date() == date(2026, 3, 24)  # 17-20, 24
    assert kinds(pqr) == set()


def test_late_transfer_raises_a_transfer_breach(agent, team_a, travel):
    pqr = _pqr(travel, agent, team_a)
    travel(at(2026, 3, 25, 9))
    pqr_transition(pqr=pqr, to_status="trasladado", actor=agent, transfer_destination="SIC")
    assert kinds(pqr) == {"transfer_breach"}


def test_unanswered_information_request_is_accepted_by_silence(agent, team_a, boss, travel):
    email_every_alert(boss, kinds=[AlertKind.SILENCE])
    pqr = _pqr(travel, agent, team_a, type_code="peticion_informacion")
    mail.outbox.clear()
    sweep_run(now=at(2026, 3, 31, 23))  # 10 business days end on 31 March
    assert PqrClock.objects.get(pqr=pqr).silence_flag == "none"
    sweep_run(now=at(2026, 4, 1, 8))
    assert PqrClock.objects.get(pqr=pqr).silence_flag == "accepted"
    assert "silence" in kinds(pqr)
    assert any(boss.email in m.to and "Silencio" in m.subject for m in mail.outbox)


def test_public_utility_claim_gets_positive_silence(agent, team_a, boss, travel):
    Organization.objects.filter(pk=1).update(legal_regime="servicios_publicos")
    pqr = _pqr(travel, agent, team_a, type_code="reclamo")
    sweep_run(now=at(2026, 4, 10, 8))
    assert PqrClock.objects.get(pqr=pqr).silence_flag == "accepted"
    assert "silence" in kinds(pqr)


def test_private_company_claim_has_no_silence_effect(agent, team_a, travel):
    pqr = _pqr(travel, agent, team_a, type_code="reclamo")
    sweep_run(now=at(2026, 4, 10, 8))
    assert PqrClock.objects.get(pqr=pqr).silence_flag == "none"
    assert "silence" not in kinds(pqr)


def test_silence_alert_reaches_a_supervisor_outside_the_team(agent, team_a, travel):
    outsider = UserFactory(username="sup.general", role=Role.SUPERVISOR, email="sg@example.com")
    email_every_alert(outsider)
    pqr = _pqr(travel, agent, team_a, type_code="peticion_informacion")
    mail.outbox.clear()
    sweep_run(now=at(2026, 4, 1, 8))
    assert any(outsider.email in m.to and pqr.radicado in m.subject for m in mail.outbox)


def test_garantia_past_its_term_is_flagged_late_without_silence_alert(agent, team_a, travel):
    pqr = _pqr(travel, agent, team_a, type_code="garantia")
    sweep_run(now=at(2026, 4, 10, 8))
    assert PqrClock.objects.get(pqr=pqr).silence_flag == "late"
    assert "legal_breach" in kinds(pqr)
    assert "silence" not in kinds(pqr)
