"""The rollup refresh through a real Celery worker on the real Redis."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app
from dashboards.models import OpenPqrSnapshot
from dashboards.tasks import rollups_refresh
from tests.pqr.factories import make_pqr


@pytest.fixture
def real_worker(transactional_db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30):
        yield
    celery_app.conf.task_always_eager = True


@pytest.mark.worker
def test_worker_rebuilds_the_open_snapshot(real_worker, agent, team_a):
    make_pqr(actor=agent, team=team_a)
    make_pqr(actor=agent, team=team_a)
    assert not OpenPqrSnapshot.objects.exists()
    rollups_refresh.delay()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not OpenPqrSnapshot.objects.exists():
        time.sleep(0.2)
    assert sum(OpenPqrSnapshot.objects.values_list("count", flat=True)) == 2
