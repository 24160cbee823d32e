"""seed_demo writes a believable history: what a supervisor opening the demo notices."""

import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from statistics import mean, median

import psycopg2
import pytest
from django.conf import settings
from django.db import connections
from django.db.models import Count, Max, Min
from django.utils import timezone

from customers.models import AngerLevel
from dashboards.models import DailyPqrStats
from pqr.demo import shape
from pqr.models import (
    OPEN_STATUSES,
    CustomerEmail,
    EventKind,
    MessageKind,
    Pqr,
    PqrEvent,
    PqrMessage,
)
from sla.models import Notification
from surveys.models import SurveyResponse, SurveySource

DEMO = "demo_history"


@pytest.fixture(scope="module")
def seeded(django_db_blocker):
    """`seed_demo` run as `make run` runs it, on a database of its own, with three months
    of history (the real seed writes 18): enough to see the shape, quick to build."""
    default = settings.DATABASES["default"]
    name = f"pqrdesk_demo_history_{os.getpid()}"
    server = {"host": default["HOST"], "port": default["PORT"], "user": default["USER"]}
    _admin(server, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}",
        "PQRDESK_DEMO_MONTHS": "3",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR, env=env, check=True, capture_output=True, timeout=900,
        )  # fmt: skip
    connections.databases[DEMO] = {**default, "NAME": name}
    with django_db_blocker.unblock():
        yield DEMO
        connections[DEMO].close()
    del connections.databases[DEMO]
    _admin(server, f'DROP DATABASE IF EXISTS "{name}"')


def _admin(server: dict, *statements: str) -> None:
    conn = psycopg2.connect(dbname="postgres", **server)
    conn.autocommit = True
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    conn.close()


def test_events_happen_over_the_months_not_at_the_seeding_instant(seeded):
    span = PqrEvent.objects.using(seeded).aggregate(first=Min("created_at"), last=Max("created_at"))
    assert (span["last"] - span["first"]).days >= 80
    # The record of a PQR was made when it was received.
    for pqr in Pqr.objects.using(seeded).order_by("?")[:50]:
        assert abs((pqr.created_at - pqr.received_at).total_seconds()) < 60
    assert Pqr.objects.using(seeded).count() > 150


def test_every_resolution_comes_after_its_answer(seeded):
    resolved = Pqr.objects.using(seeded).filter(resolved_at__isnull=False)
    assert resolved.count() > 50
    for pqr in resolved:
        answer = (
            PqrMessage.objects.using(seeded).filter(pqr=pqr, kind=MessageKind.PUBLIC_ANSWER).first()
        )
        assert answer is not None, pqr.radicado
        assert answer.created_at <= pqr.resolved_at
        assert pqr.resolved_at > pqr.received_at


def test_surveys_are_answered_after_resolution_and_never_in_the_future(seeded):
    now = timezone.now()
    answers = (
        SurveyResponse.objects.using(seeded)
        .filter(survey__source=SurveySource.PQR)
        .select_related("survey__pqr")
    )
    assert answers.count() > 10
    for response in answers:
        survey = response.survey
        answered = PqrMessage.objects.using(seeded).filter(
            pqr=survey.pqr_id, kind=MessageKind.PUBLIC_ANSWER, created_at__lte=survey.sent_at
        )
        assert answered.exists(), "a survey went out before the answer"
        assert survey.sent_at <= response.answered_at <= now


def test_work_is_spread_over_agents_and_teams(seeded):
    by_agent = Counter(
        Pqr.objects.using(seeded)
        .exclude(assigned_to=None)
        .values_list("assigned_to__username", flat=True)
    )
    assert len(by_agent) >= 5
    assert max(by_agent.values()) < 0.45 * sum(by_agent.values())
    assert Pqr.objects.using(seeded).values("team").distinct().count() == 3


def test_weekly_rhythm_and_open_backlog_look_real(seeded):
    weekdays = Counter(
        p.received_at.astimezone(shape.BOGOTA).weekday() for p in Pqr.objects.using(seeded).all()
    )
    assert weekdays[0] > 2 * weekdays[5]  # Mondays bring the weekend's backlog
    open_ages = [
        (timezone.now() - p.received_at).days
        for p in Pqr.objects.using(seeded).filter(status__in=OPEN_STATUSES)
    ]
    assert open_ages, "no open PQR: the queue would be empty"
    assert sorted(open_ages)[len(open_ages) // 2] < 30  # most of the backlog is recent
    # A handful past the legal term, as in a real office; not a wall of red.
    legal_overdue = Pqr.objects.using(seeded).filter(
        status__in=OPEN_STATUSES, term_suspended=False, legal_due_at__lt=timezone.now()
    )
    assert legal_overdue.count() <= max(5, 0.03 * Pqr.objects.using(seeded).count())


def test_anger_fits_the_channel(seeded):
    def levels(channels):
        values = (
            Pqr.objects.using(seeded)
            .filter(channel__in=channels)
            .values_list("anger_level", flat=True)
        )
        return mean(v or 0 for v in values)

    assert levels(["presencial", "telefono"]) > levels(["web", "email"])
    assert (
        not Pqr.objects.using(seeded)
        .filter(pqr_type__code="felicitacion", anger_level__isnull=False)
        .exists()
    )


def test_history_mail_went_out_then_and_old_alerts_are_read(seeded):
    stale = timezone.now() - timedelta(days=1)
    assert CustomerEmail.objects.using(seeded).filter(sent_at__isnull=False).count() > 50
    assert (
        not CustomerEmail.objects.using(seeded)
        .filter(sent_at__isnull=True, created_at__lt=stale)
        .exists()
    )
    assert (
        not Notification.objects.using(seeded)
        .filter(read_at__isnull=True, created_at__lt=stale - timedelta(days=2))
        .exists()
    )


def test_dashboards_have_the_history_on_first_visit(seeded):
    days = DailyPqrStats.objects.using(seeded).aggregate(n=Count("day", distinct=True))["n"]
    assert days >= 60


def test_first_response_is_not_the_resolution_and_angry_customers_calm_down(seeded):
    """The SLA page's two medians differ, and the causes page's "ended calmer" is not 0 %."""
    resolved = Pqr.objects.using(seeded).filter(
        first_response_business_hours__isnull=False, resolution_business_hours__isnull=False
    )
    first = median(resolved.values_list("first_response_business_hours", flat=True))
    whole = median(resolved.values_list("resolution_business_hours", flat=True))
    assert first < whole / 2
    level = {str(label): value for value, label in AngerLevel.choices}
    changes = [
        (level[old], level[new])
        for old, new in PqrEvent.objects.using(seeded)
        .filter(kind=EventKind.ANGER)
        .exclude(old_value="")
        .values_list("old_value", "new_value")
    ]
    calmer = sum(new < old for old, new in changes)
    assert calmer > 5
    assert calmer > sum(new > old for old, new in changes)
