"""Dashboard pages never compute rollups inside the request: they show the last
computed figures with their time, and a missing rollup is built by Celery while the
page says the figures are being prepared."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards.models import DailyPqrStats, OpenPqrSnapshot, RollupStatus
from dashboards.rollups import rollups_refresh
from tests.pqr.factories import make_pqr

TASK = "dashboards.tasks.rollups_refresh"


def _queued_tasks(callbacks) -> list[str]:
    return [cb.args[0] for cb in callbacks if getattr(cb, "args", None)]


def _open_count(html: str) -> str:
    match = re.search(r'data-metric="open">([^<]*)<', html)
    assert match, "the open-PQR figure is missing"
    return match.group(1).strip()


def _rollup_writes(ctx) -> list[str]:
    tables = (DailyPqrStats._meta.db_table, OpenPqrSnapshot._meta.db_table)
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith(("INSERT", "DELETE")) and any(t in q["sql"] for t in tables)
    ]


@pytest.fixture
def two_open(agent, team_a):
    return [make_pqr(actor=agent, team=team_a), make_pqr(actor=agent, team=team_a)]


@pytest.mark.parametrize("page", ["dashboards:sla", "dashboards:workload"])
def test_first_visit_on_a_fresh_install_queues_the_build_and_says_so(
    page, supervisor_client, two_open, django_capture_on_commit_callbacks
):
    with (
        CaptureQueriesContext(connection) as ctx,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        response = supervisor_client.get(reverse(page))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="rollups-preparing"' in html
    assert "preparando las cifras" in html
    assert _rollup_writes(ctx) == []
    assert not DailyPqrStats.objects.exists()
    assert not OpenPqrSnapshot.objects.exists()
    assert _queued_tasks(callbacks) == [TASK]


def test_after_the_queued_build_the_figures_show_with_their_time(
    supervisor_client, two_open, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        supervisor_client.get(reverse("dashboards:sla"))
    for callback in callbacks:
        callback()  # the worker's run (Celery is eager in tests)
    html = supervisor_client.get(reverse("dashboards:sla")).content.decode()
    assert 'data-testid="rollups-preparing"' not in html
    assert _open_count(html) == "2"
    computed = timezone.localtime(RollupStatus.objects.get().refreshed_at)
    assert f"a las {computed:%H:%M}" in html


def test_a_second_visit_while_preparing_does_not_queue_again(
    supervisor_client, two_open, django_capture_on_commit_callbacks
):
    supervisor_client.get(reverse("dashboards:sla"))
    with django_capture_on_commit_callbacks() as callbacks:
        html = supervisor_client.get(reverse("dashboards:workload")).content.decode()
    assert 'data-testid="rollups-preparing"' in html
    assert _queued_tasks(callbacks) == []


def test_stale_figures_are_shown_and_a_refresh_is_queued(
    supervisor_client, two_open, django_capture_on_commit_callbacks
):
    rollups_refresh(days_back=2)
    old = timezone.now() - timedelta(hours=2)
    RollupStatus.objects.update(refreshed_at=old)
    make_pqr(actor=two_open[0].created_by, team=two_open[0].team)
    with (
        CaptureQueriesContext(connection) as ctx,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        html = supervisor_client.get(reverse("dashboards:sla")).content.decode()
    assert _open_count(html) == "2"  # the last computed figure, not a rebuild
    assert f"a las {timezone.localtime(old):%H:%M}" in html
    assert "Se está preparando una actualización" in html
    assert _rollup_writes(ctx) == []
    assert _queued_tasks(callbacks) == [TASK]


def test_the_task_builds_the_whole_history_on_a_fresh_install(agent, team_a):
    from dashboards.tasks import rollups_refresh as task

    received = timezone.now() - timedelta(days=400)
    make_pqr(actor=agent, team=team_a, received_at=received)
    task()
    assert DailyPqrStats.objects.filter(day=timezone.localdate(received)).exists()
