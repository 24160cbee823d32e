"""Issue 18: after an extra non-working day is added or removed, the set-based SQL
shift gives every open PQR the dates, next threshold, events and customer emails the
Python pass (sla.recompute, the reference) gives it."""

import time as time_module
from datetime import date, time, timedelta

import pytest
from django.db import transaction

from pqr.models import CustomerEmail, Pqr, PqrEvent
from sla import selectors
from sla.models import NonWorkingDay, Organization, PqrClock, SlaPolicy, TargetUnit
from sla.recompute import recompute_open
from sla.recompute_shift import deadlines_shift_for_day, shift_requested
from tests.pqr.factories import make_pqr
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 25)  # a Wednesday
NOW = at(2026, 4, 6, 12)


class Rollback(Exception):
    pass


def _pqrs(agent, team_a, travel) -> list[Pqr]:
    """Before, across, on and after the day; hours and days policies; a cut-off hour;
    paused days, an extension, a suspended clock; different terms."""
    Organization.objects.filter(pk=1).update(cutoff=time(16, 0))
    SlaPolicy.objects.create(
        name="Quejas por horas",
        order=1,
        channel="email",
        first_response_value=4,
        first_response_unit=TargetUnit.HOURS,
        resolution_value=30,
        resolution_unit=TargetUnit.HOURS,
    )
    SlaPolicy.objects.create(
        name="Peticiones web",
        order=2,
        channel="web",
        first_response_value=1,
        first_response_unit=TargetUnit.DAYS,
        resolution_value=8,
        resolution_unit=TargetUnit.DAYS,
    )
    selectors.process_caches_clear()
    received = [
        at(2026, 3, 2, 9),  # its whole window before the day
        at(2026, 3, 16, 10),
        at(2026, 3, 20, 17, 30),  # Friday after closing
        at(2026, 3, 21, 11),  # Saturday
        at(2026, 3, 23, 9),  # holiday (San José)
        at(2026, 3, 24, 14),  # the day before
        at(2026, 3, 24, 16, 30),  # after the cut-off: filed on the day
        at(2026, 3, 25, 10),  # on the day
        at(2026, 3, 26, 9),  # after the day
        at(2026, 4, 1, 15),
    ]
    pqrs = []
    for i, when in enumerate(received):
        travel(when)
        for code, channel in (("queja", "email"), ("reclamo", "web"), ("consulta", "phone")):
            pqr = make_pqr(
                received_at=when, actor=agent, team=team_a, type_code=code, channel=channel
            )
            pqrs.append(pqr)
        if i % 3 == 0:
            Pqr.objects.filter(pk=pqr.pk).update(
                contact_email=f"cliente{i}@example.com", contact_consent_at=when
            )
    clocks = PqrClock.objects.filter(pqr__in=pqrs)
    clocks.filter(pqr=pqrs[3]).update(paused_business_days=2, paused_business_seconds=7200)
    clocks.filter(pqr=pqrs[4]).update(extension_used=True, extension_days=5)
    clocks.filter(pqr=pqrs[6]).update(suspended_at=at(2026, 3, 19))
    clocks.filter(pqr=pqrs[7]).update(paused_business_seconds=3 * 3600)
    travel(NOW)
    recompute_open()  # every stored date as the Python pass computes it
    return pqrs


def _state() -> dict:
    rows = {}
    for clock in PqrClock.objects.select_related("pqr"):
        p = clock.pqr
        rows[p.pk] = {
            "filed_on": p.filed_on,
            "first_response_due_at": p.first_response_due_at,
            "due_at": p.due_at,
            "legal_due_at": p.legal_due_at,
            "policy_due_at": clock.policy_due_at,
            "initial_legal_due_at": clock.initial_legal_due_at,
            "next_threshold_at": clock.next_threshold_at,
        }
    events = sorted(
        PqrEvent.objects.filter(note__startswith="Fechas recalculadas").values_list(
            "pqr_id", "field", "old_value", "new_value"
        )
    )
    emails = sorted(CustomerEmail.objects.filter(kind="due_date_moved").values_list("pqr_id"))
    return {"rows": rows, "events": events, "emails": emails}


def _sql_then_python(change) -> tuple[dict, dict, int]:
    """The state after the shift, and after the Python pass, from the same start."""
    change()
    try:
        with transaction.atomic():
            moved = deadlines_shift_for_day(day=DAY, added=NonWorkingDay.objects.exists())
            sql = _state()
            raise Rollback
    except Rollback:
        pass
    recompute_open()
    return sql, _state(), moved


def _assert_same(sql: dict, python: dict) -> None:
    assert sql["rows"].keys() == python["rows"].keys()
    for pk, want in python["rows"].items():
        got = sql["rows"][pk]
        for name, value in want.items():
            if value is None or got[name] is None or name == "filed_on":
                assert got[name] == value, (pk, name)
            else:
                # The warning's float hours may round a microsecond apart.
                assert abs(got[name] - value) <= timedelta(milliseconds=1), (pk, name)
    assert sql["events"] == python["events"]
    assert sql["emails"] == python["emails"]


def test_shift_after_adding_a_day_is_the_python_pass(agent, team_a, travel):
    _pqrs(agent, team_a, travel)
    before = _state()
    sql, python, moved = _sql_then_python(
        lambda: NonWorkingDay.objects.create(day=DAY, reason="Día cívico")
    )
    _assert_same(sql, python)
    changed = [pk for pk, row in python["rows"].items() if row != before["rows"][pk]]
    dated = ("filed_on", "first_response_due_at", "due_at", "legal_due_at")
    assert moved == sum(
        any(python["rows"][pk][name] != before["rows"][pk][name] for name in dated)
        for pk in changed
    )
    assert len(changed) >= 15  # most windows contain the day
    assert len(changed) < len(before["rows"])  # not the one whose window ended before
    assert python["emails"]  # a legal date moved later for a customer with an address


def test_shift_after_removing_a_day_is_the_python_pass(agent, team_a, travel):
    travel(at(2026, 3, 1))
    NonWorkingDay.objects.create(day=DAY, reason="Día cívico")
    selectors.process_caches_clear()
    _pqrs(agent, team_a, travel)
    sql, python, _moved = _sql_then_python(lambda: NonWorkingDay.objects.all().delete())
    _assert_same(sql, python)


def test_a_repeated_shift_message_moves_dates_once(agent, team_a, travel):
    _pqrs(agent, team_a, travel)
    NonWorkingDay.objects.create(day=DAY, reason="Día cívico")
    version = Organization.objects.get(pk=1).calendar_version
    args = (DAY.isoformat(), True, time_module.time(), version, time_module.time())
    assert shift_requested(*args) > 0
    once = _state()["rows"]
    # Redelivered after the worker died past its commit: the version moved on, so the
    # full pass runs (same dates), never a second shift.
    shift_requested(*args)
    again = _state()["rows"]
    for pk, row in once.items():
        assert again[pk]["legal_due_at"] == row["legal_due_at"], pk
        assert again[pk]["due_at"] == row["due_at"], pk


def test_dates_beyond_the_calendar_span_go_through_the_python_pass(
    agent, team_a, travel, monkeypatch
):
    from sla import calendar_sql

    monkeypatch.setattr(calendar_sql, "YEARS_AHEAD", 0)  # the arrays end on 31 December
    day = date(2026, 12, 23)
    travel(at(2026, 12, 21, 10))
    pqr = make_pqr(received_at=at(2026, 12, 21, 10), actor=agent, team=team_a)
    travel(at(2026, 12, 22, 10))
    recompute_open()
    NonWorkingDay.objects.create(day=day, reason="Cierre de fin de año")
    assert deadlines_shift_for_day(day=day, added=True) == 1
    shifted = Pqr.objects.get(pk=pqr.pk)
    recompute_open()
    python = Pqr.objects.get(pk=pqr.pk)
    assert shifted.legal_due_at is not None
    assert shifted.legal_due_at.year == 2027
    assert shifted.legal_due_at == python.legal_due_at
    assert shifted.due_at == python.due_at
