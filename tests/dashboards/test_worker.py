"""The rollup refresh through a real Celery worker on the real Redis."""

import time

import pytest

from dashboards.models import OpenPqrSnapshot
from dashboards.tasks import rollups_refresh
from tests.pqr.factories import make_pqr


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
