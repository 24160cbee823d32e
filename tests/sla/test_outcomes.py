"""Outcome figures stored on the PQR, checked against hand-counted office time
(office hours 08:00-17:00, Monday 23 March 2026 is a holiday)."""

from decimal import Decimal

import pytest

from pqr.models import MessageKind
from pqr.services import pqr_message_add, pqr_request_completion, pqr_transition
from sla.models import SlaPolicy
from tests.answers import IN_PERSON, answer_in_person
from tests.pqr.factories import make_pqr
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db


def _peticion(travel, agent, received=None):
    travel(received or at(2026, 3, 16, 10))
    return make_pqr(received_at=received or at(2026, 3, 16, 10), actor=agent)


def _resolve(pqr, agent, travel, when):
    travel(when)
    answer_in_person(pqr, agent)
    pqr_transition(pqr=pqr, to_status="resuelto", actor=agent)
    pqr.refresh_from_db()
    return pqr


def test_first_public_answer_stores_business_hours(agent, travel):
    pqr = _peticion(travel, agent)
    travel(at(2026, 3, 17, 11))
    pqr_message_add(
        pqr=pqr,
        actor=agent,
        kind=MessageKind.PUBLIC_ANSWER,
        body="Recibimos su caso",
        delivery=IN_PERSON,
    )
    pqr.refresh_from_db()
    # Monday 10:00-17:00 (7 h) + Tuesday 08:00-11:00 (3 h).
    assert pqr.first_response_business_hours == Decimal("10.00")


def test_internal_note_is_not_a_first_response(agent, travel):
    pqr = _peticion(travel, agent)
    travel(at(2026, 3, 17, 11))
    pqr_message_add(pqr=pqr, actor=agent, kind=MessageKind.INTERNAL_NOTE, body="Revisar")
    pqr.refresh_from_db()
    assert pqr.first_response_business_hours is None


def test_saturday_receipt_measures_from_monday_opening(agent, travel):
    pqr = _peticion(travel, agent, received=at(2026, 3, 14, 11))
    travel(at(2026, 3, 16, 9, 30))
    pqr_message_add(
        pqr=pqr, actor=agent, kind=MessageKind.PUBLIC_ANSWER, body="Hola", delivery=IN_PERSON
    )
    pqr.refresh_from_db()
    assert pqr.first_response_business_hours == Decimal("1.50")


def test_second_answer_keeps_the_first_figure(agent, travel):
    pqr = _peticion(travel, agent)
    travel(at(2026, 3, 16, 12))
    pqr_message_add(
        pqr=pqr, actor=agent, kind=MessageKind.PUBLIC_ANSWER, body="Uno", delivery=IN_PERSON
    )
    travel(at(2026, 3, 18, 12))
    pqr_message_add(
        pqr=pqr, actor=agent, kind=MessageKind.PUBLIC_ANSWER, body="Dos", delivery=IN_PERSON
    )
    pqr.refresh_from_db()
    assert pqr.first_response_business_hours == Decimal("2.00")


def test_resolution_on_day_fourteen_is_within_both_terms(agent, travel):
    pqr = _resolve(_peticion(travel, agent), agent, travel, at(2026, 4, 8, 15))
    # 7 h on the 16th, 13 full days (17 March - 7 April, without 23 March and
    # Holy Thursday/Friday) of 9 h, 7 h on 8 April.
    assert pqr.resolution_business_hours == Decimal("131.00")
    assert pqr.resolution_business_days == 14
    assert pqr.resolved_within_due is True
    assert pqr.resolved_within_legal is True


def test_resolution_after_legal_due_date_is_late(agent, travel):
    pqr = _resolve(_peticion(travel, agent), agent, travel, at(2026, 4, 10, 9))
    assert pqr.resolution_business_days == 16
    assert pqr.resolution_business_hours == Decimal("143.00")
    assert pqr.resolved_within_due is False
    assert pqr.resolved_within_legal is False


def test_policy_due_missed_but_legal_term_met(agent, travel):
    SlaPolicy.objects.create(
        name="Cinco días", first_response_value=4, resolution_value=5, resolution_unit="days"
    )
    pqr = _resolve(_peticion(travel, agent), agent, travel, at(2026, 3, 25, 10))
    assert pqr.resolved_within_due is False  # promised by Tuesday 24 March
    assert pqr.resolved_within_legal is True


def test_suspension_is_left_out_of_resolution_figures(agent, travel):
    pqr = _peticion(travel, agent)
    travel(at(2026, 3, 18, 10))
    pqr_request_completion(pqr=pqr, actor=agent, missing="Copia de la factura", delivery=IN_PERSON)
    travel(at(2026, 3, 27, 10))
    pqr_transition(pqr=pqr, to_status="en_tramite", actor=agent)
    pqr = _resolve(pqr, agent, travel, at(2026, 4, 16, 12))
    # Used 17, 18 March, then from 30 March to 16 April: 2 + 12 business days.
    assert pqr.resolution_business_days == 14
    # 182 office hours from filing to resolution minus 61 h suspended: the information
    # arrived on Friday 27 March, so the term runs again from Monday 30 at opening
    # (art. 17: "a partir del día siguiente"), the rest of the 27th stays paused.
    assert pqr.resolution_business_hours == Decimal("121.00")
    assert pqr.resolved_within_legal is True  # the legal term moved to 17 April


def test_reopen_clears_figures_and_closed_time_is_left_out(agent, travel):
    pqr = _resolve(_peticion(travel, agent), agent, travel, at(2026, 3, 17, 10))
    assert pqr.resolution_business_hours == Decimal("9.00")
    travel(at(2026, 3, 18, 10))
    pqr_transition(pqr=pqr, to_status="reabierto", actor=agent, note="El cliente insiste")
    pqr.refresh_from_db()
    assert pqr.resolution_business_hours is None
    assert pqr.resolved_within_due is None
    pqr = _resolve(pqr, agent, travel, at(2026, 3, 19, 10))
    # 27 office hours in all, 9 of them closed (17 March 10:00 - 18 March 10:00).
    assert pqr.resolution_business_hours == Decimal("18.00")
    assert pqr.resolution_business_days == 2


@pytest.mark.parametrize("status", ["trasladado", "rechazado", "desistido"])
def test_other_endings_are_not_resolutions(agent, travel, status):
    pqr = _peticion(travel, agent)
    travel(at(2026, 3, 17, 10))
    details = {"transfer_destination": "Superintendencia", "rejection_reason": "Irrespetuosa"}
    pqr_transition(pqr=pqr, to_status="en_tramite", actor=agent)
    pqr_transition(pqr=pqr, to_status=status, actor=agent, note="El ciudadano retiró", **details)
    pqr.refresh_from_db()
    assert pqr.resolution_business_hours is None
    assert pqr.resolved_within_legal is None
