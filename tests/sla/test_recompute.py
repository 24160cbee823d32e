"""Due dates follow policy, calendar, legal-term and PQR edits, in a bounded
number of queries whatever the number of open PQRs."""

from datetime import date

import pytest

from pqr.services import (
    pqr_reclassify,
    pqr_request_completion,
    pqr_transition,
    pqr_update,
)
from sla.calendar import BOGOTA
from sla.models import LegalTerm, NonWorkingDay, Organization, PqrClock, SlaPolicy
from sla.services import deadlines_recompute, pqr_extension_grant
from tests.answers import IN_PERSON, answer_in_person
from tests.pqr.factories import make_pqr
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db


def day(dt):
    return dt.astimezone(BOGOTA).date()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what would run after commit (the signals queue the recompute there)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _open_pqrs(travel, agent, n, **kw):
    travel(at(2026, 3, 16, 10))
    return [make_pqr(received_at=at(2026, 3, 16, 10), actor=agent, **kw) for _ in range(n)]


def test_new_policy_moves_due_dates_of_open_pqrs(agent, travel, commit):
    (pqr,) = _open_pqrs(travel, agent, 1)
    with commit():
        SlaPolicy.objects.create(name="Cinco días", first_response_value=8, resolution_value=5)
    pqr.refresh_from_db()
    assert day(pqr.due_at) == date(2026, 3, 24)
    assert day(pqr.legal_due_at) == date(2026, 4, 9)
    assert PqrClock.objects.get(pqr=pqr).policy.name == "Cinco días"


def test_extra_non_working_day_moves_due_dates(agent, travel, commit):
    (pqr,) = _open_pqrs(travel, agent, 1)
    with commit():
        NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico")
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 10)
    with commit():
        NonWorkingDay.objects.filter(day=date(2026, 3, 25)).delete()
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 9)


def test_saturdays_made_working_days_move_due_dates(agent, travel, commit):
    (pqr,) = _open_pqrs(travel, agent, 1)
    org = Organization.objects.get(pk=1)
    org.working_weekdays = [0, 1, 2, 3, 4, 5]
    with commit():
        org.save()
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 6)


def test_legal_term_edit_moves_due_dates(agent, travel, commit):
    (pqr,) = _open_pqrs(travel, agent, 1)
    term = LegalTerm.objects.get(pqr_type__code="peticion")
    term.days = 10
    with commit():
        term.save()
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 3, 31)


def test_closed_pqr_keeps_its_dates(agent, travel, commit):
    (pqr,) = _open_pqrs(travel, agent, 1)
    answer_in_person(pqr, agent)
    pqr_transition(pqr=pqr, to_status="resuelto", actor=agent)
    with commit():
        NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Cierre")
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 9)


def test_priority_change_applies_the_matching_policy(agent, travel):
    SlaPolicy.objects.create(
        name="Urgente", priority="riesgo_vida", first_response_value=1, resolution_value=2
    )
    (pqr,) = _open_pqrs(travel, agent, 1)
    assert pqr.due_at == pqr.legal_due_at
    pqr_update(pqr=pqr, actor=agent, priority="riesgo_vida")
    assert day(pqr.due_at) == date(2026, 3, 18)
    pqr.refresh_from_db()
    assert day(pqr.due_at) == date(2026, 3, 18)


def test_type_change_applies_the_new_legal_term(agent, travel):
    (pqr,) = _open_pqrs(travel, agent, 1)
    from pqr.models import PqrType

    pqr_reclassify(
        pqr=pqr, actor=agent, pqr_type=PqrType.objects.get(code="consulta"), reason="Es consulta"
    )
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 30)


def test_recompute_keeps_a_granted_extension(agent, travel, commit):
    (pqr,) = _open_pqrs(travel, agent, 1)
    travel(at(2026, 4, 1))
    pqr_extension_grant(
        pqr=pqr, actor=agent, reason="Concepto técnico pendiente", delivery=IN_PERSON
    )
    pqr_update(pqr=pqr, actor=agent, priority="alta")
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 30)
    with commit():
        NonWorkingDay.objects.create(day=date(2026, 4, 20), reason="Cierre")
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 5, 4)  # 30 April moves past 1 May


def test_recompute_keeps_the_time_spent_waiting_for_the_customer(agent, travel):
    (pqr,) = _open_pqrs(travel, agent, 1)
    travel(at(2026, 3, 18))
    pqr_request_completion(pqr=pqr, actor=agent, missing="Número de factura", delivery=IN_PERSON)
    travel(at(2026, 3, 27))
    pqr_transition(pqr=pqr, to_status="en_tramite", actor=agent)
    deadlines_recompute()
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 17)


def test_share_change_brings_the_next_warning_forward(agent, travel, commit):
    (pqr,) = _open_pqrs(travel, agent, 1)
    before = PqrClock.objects.get(pqr=pqr).next_threshold_at
    org = Organization.objects.get(pk=1)
    org.warning_share = 25
    with commit():
        org.save()
    assert PqrClock.objects.get(pqr=pqr).next_threshold_at < before


@pytest.mark.parametrize("size", [4, 24])
def test_recompute_queries_do_not_grow_with_open_pqrs(
    agent, travel, size, django_assert_max_num_queries
):
    _open_pqrs(travel, agent, size)
    NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico")
    Organization.objects.filter(pk=1).update(calendar_version=12345)
    # 4 reads of rules, per chunk a read and two updates in a savepoint plus the moved
    # dates' events and the read of PQRs whose legal date moved later, a last read.
    with django_assert_max_num_queries(4 + 7 + 1):
        assert deadlines_recompute() == size


def test_recompute_queries_grow_with_chunks_only(agent, travel, django_assert_max_num_queries):
    _open_pqrs(travel, agent, 25)
    NonWorkingDay.objects.create(day=date(2026, 3, 25), reason="Día cívico")
    Organization.objects.filter(pk=1).update(calendar_version=12346)
    # 3 chunks of 10: a read, two updates in a savepoint, events and later-date read each.
    with django_assert_max_num_queries(4 + 3 * 7 + 1):
        assert deadlines_recompute(chunk=10) == 25


def test_unchanged_dates_write_nothing(agent, travel, django_assert_max_num_queries):
    _open_pqrs(travel, agent, 5)
    with django_assert_max_num_queries(6) as ctx:
        assert deadlines_recompute() == 0
    assert not any(q["sql"].startswith("UPDATE") for q in ctx.captured_queries)


def test_queued_recompute_is_skipped_when_a_later_full_pass_covered_it(agent, travel):
    import time as clock

    from sla.tasks import deadlines_recompute_task

    (pqr,) = _open_pqrs(travel, agent, 1)
    requested = clock.time()
    deadlines_recompute()  # e.g. the SLA page's own pass, started after the request
    NonWorkingDay.objects.bulk_create([NonWorkingDay(day=date(2026, 3, 25), reason="Cierre")])
    Organization.objects.filter(pk=1).update(calendar_version=4242)
    assert deadlines_recompute_task.run(requested) == 0
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 9)
    assert deadlines_recompute_task.run(clock.time()) == 1
    pqr.refresh_from_db()
    assert day(pqr.legal_due_at) == date(2026, 4, 10)
