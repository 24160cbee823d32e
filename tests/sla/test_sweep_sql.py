"""Issue 18: the set-based sweep. Its SQL thresholds are the Python ones on varied PQRs;
a second sweep at the same instant creates nothing; its queries and Celery messages
do not grow with the number of clocks crossing at once."""

from datetime import date, timedelta

import pytest
import redis
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.celery import app as celery_app
from pqr.models import Pqr
from sla import selectors
from sla.models import (
    Alert,
    LegalRegime,
    LegalTerm,
    Organization,
    PqrClock,
    SilenceEffect,
    SlaPolicy,
    TargetUnit,
)
from sla.sweep import SHARDS, sweep_run
from sla.thresholds import thresholds
from sla.thresholds_sql import LABEL_SQL, marks_ctes, marks_params
from tests.pqr.factories import make_pqr
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db


def sql_marks(now) -> dict[int, dict]:
    """Every threshold, as seen from `now` (a warning whose due date passed is left
    out: pass an early `now` to see them all)."""
    rules = selectors.rules_get()
    sql = (
        "WITH ids AS (SELECT pqr_id FROM sla_pqrclock),"  # noqa: S608
        + marks_ctes("ids")
        + f" SELECT pqr_id, kind, {LABEL_SQL}, at FROM m"  # noqa: S608
    )
    out: dict[int, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, {**marks_params(rules, 2026), "now": now})
        for pqr_id, kind, label, instant in cursor.fetchall():
            out.setdefault(pqr_id, {})[(kind, label)] = instant
    return out


def python_marks() -> dict[int, dict]:
    rules = selectors.rules_get()
    out: dict[int, dict] = {}
    for clock in PqrClock.objects.select_related("pqr"):
        pqr = clock.pqr
        marks = thresholds(
            pqr=pqr,
            clock=clock,
            cal=rules.cal,
            share=rules.share,
            silence=rules.silence_for(pqr.pqr_type_id),
        )
        out[pqr.pk] = {(kind, label): instant for kind, label, instant in marks}
    return {k: v for k, v in out.items() if v}


def varied_pqrs(agent, team_a) -> list[Pqr]:
    """Weekday, after hours, weekend, a Colombian holiday (San José, 23 March 2026),
    hours-based policies, a term whose silence favours the customer and one that only
    makes the answer late, clocks suspended, stopped with a recurso, answered."""
    Organization.objects.filter(pk=1).update(
        legal_regime=LegalRegime.SERVICIOS_PUBLICOS, warning_share=60
    )
    LegalTerm.objects.filter(pqr_type__code="consulta").update(silence_effect=SilenceEffect.LATE)
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
        name="General",
        order=2,
        first_response_value=2,
        first_response_unit=TargetUnit.DAYS,
        resolution_value=10,
        resolution_unit=TargetUnit.DAYS,
    )
    selectors.process_caches_clear()
    received = [
        at(2026, 3, 16, 8),
        at(2026, 3, 16, 13, 37),
        at(2026, 3, 20, 17, 30),  # Friday after closing
        at(2026, 3, 21, 11),  # Saturday
        at(2026, 3, 23, 9),  # holiday
        at(2026, 3, 31, 23, 50),
        at(2026, 4, 2, 7, 15),  # Holy Thursday
        at(2025, 12, 18, 16, 59),  # across the year end
    ]
    pqrs = []
    for i, when in enumerate(received):
        for code, channel in (("queja", "email"), ("consulta", "phone"), ("peticion", "web")):
            pqrs.append(
                make_pqr(
                    received_at=when,
                    actor=agent,
                    team=team_a,
                    type_code=code,
                    channel=channel,
                    assigned_to=agent if i % 2 else None,
                )
            )
    clocks = PqrClock.objects.filter(pqr__in=pqrs)
    clocks.filter(pqr=pqrs[0]).update(suspended_at=at(2026, 3, 17))
    clocks.filter(pqr=pqrs[1]).update(
        stopped_at=at(2026, 3, 18), recurso_decide_by=date(2026, 4, 8)
    )
    clocks.filter(pqr=pqrs[2]).update(recurso_decide_by=date(2026, 5, 4))
    clocks.filter(pqr=pqrs[3]).update(silence_recognized_at=at(2026, 4, 20))
    Pqr.objects.filter(pk=pqrs[4].pk).update(first_responded_at=at(2026, 3, 24))
    Pqr.objects.filter(pk=pqrs[5].pk).update(completion_due_on=date(2026, 4, 17))
    clocks.filter(pqr=pqrs[6]).update(stopped_at=at(2026, 3, 30))
    return pqrs


def test_sql_thresholds_are_the_python_thresholds(agent, team_a):
    varied_pqrs(agent, team_a)
    expected = python_marks()
    got = sql_marks(at(2025, 1, 1))
    assert got.keys() == expected.keys()
    for pqr_id, marks in expected.items():
        assert got[pqr_id].keys() == marks.keys(), pqr_id
        for key, instant in marks.items():
            # Python's float hours round to the microsecond; SQL's too, not always alike.
            assert abs(got[pqr_id][key] - instant) <= timedelta(milliseconds=1), (pqr_id, key)
    kinds = {kind for marks in expected.values() for kind, _ in marks}
    assert {"warning", "silence", "silence_recognition", "recurso_overdue"} <= kinds
    assert {"completion_expired", "first_response_breach", "legal_breach"} <= kinds


def test_sql_sweep_raises_what_the_python_thresholds_say(agent, team_a):
    pqrs = varied_pqrs(agent, team_a)
    now = at(2026, 4, 9, 12)
    marks = python_marks()
    sweep_run(now=now)
    raised = set(Alert.objects.values_list("pqr_id", "kind", "threshold"))
    from sla.sweep import crossed

    for pqr in pqrs:
        rows = [(kind, label, when) for (kind, label), when in marks.get(pqr.pk, {}).items()]
        want, future = crossed(rows, now)
        assert {(k, lb) for p, k, lb in raised if p == pqr.pk} >= set(want), pqr.pk
        clock = PqrClock.objects.get(pqr=pqr)
        if clock.recurso_decide_by is None or clock.recurso_decide_by >= now.date():
            assert clock.next_threshold_at == (min(future) if future else None), pqr.pk


def _breached(agent, team_a, n: int) -> list[int]:
    """n PQRs (one through the services, the rest copies of it) whose resolution date
    passed at 9 April 2026 17:00."""
    pqr = make_pqr(received_at=at(2026, 3, 16, 10), actor=agent, team=team_a, assigned_to=agent)
    clock = PqrClock.objects.get(pqr=pqr)
    copies = []
    for i in range(n - 1):
        copy = Pqr.objects.get(pk=pqr.pk)
        copy.pk = None
        copy.radicado = f"{pqr.radicado}-{i}"
        copies.append(copy)
    Pqr.objects.bulk_create(copies)
    PqrClock.objects.bulk_create(
        [
            PqrClock(pqr=copy, next_threshold_at=clock.next_threshold_at, policy=clock.policy)
            for copy in copies
        ]
    )
    return [pqr.pk] + [copy.pk for copy in copies]


def test_a_second_sweep_at_the_same_instant_creates_nothing(agent, team_a):
    _breached(agent, team_a, 3)
    now = at(2026, 4, 10, 9)
    sweep_run(now=now)
    first = set(Alert.objects.values_list("pqr_id", "kind", "threshold"))
    assert len({(p, k) for p, k, _ in first if k == "resolution_breach"}) == 3
    sent = len(mail.outbox)
    PqrClock.objects.update(next_threshold_at=now)  # as if the sweep had not moved them
    sweep_run(now=now)
    assert set(Alert.objects.values_list("pqr_id", "kind", "threshold")) == first
    assert len(mail.outbox) == sent


def _sweep_on_broker(settings, now) -> tuple[int, int, int]:
    """(queries, Celery messages, alerts queued) of one sweep publishing to Redis."""
    queue = f"{settings.PQRDESK_QUEUE_PREFIX}-alerts"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(queue)
    celery_app.conf.task_always_eager = False
    try:
        with CaptureQueriesContext(connection) as ctx:
            queued = sweep_run(now=now)
        messages = broker.llen(queue)
    finally:
        celery_app.conf.task_always_eager = True
        broker.delete(queue)
    return len(ctx.captured_queries), messages, queued


@pytest.mark.parametrize("n", [10, 500])
def test_sweep_queries_and_messages_do_not_grow_with_crossing_clocks(agent, team_a, settings, n):
    _breached(agent, team_a, n)
    queries, messages, queued = _sweep_on_broker(settings, at(2026, 4, 10, 9))
    # resolution and legal breach per PQR (the warning and "due today" superseded)
    assert Alert.objects.filter(kind="resolution_breach").count() == n
    assert queued == Alert.objects.filter(sent_at__isnull=True).count() >= n
    assert messages <= SHARDS
    assert queries == QUERIES


# The rules (cached per process after the first), the recurso check, the sweep
# statement, the stamp of unsent alerts, plus the savepoints of the atomic block.
QUERIES = 7
