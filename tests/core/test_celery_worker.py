import os

import pytest

from config.celery import app as celery_app
from core.tasks import health_check


@pytest.mark.worker
def test_health_task_round_trips_through_redis_and_the_tests_own_worker(real_worker):
    result = health_check.delay()
    # Our worker answered, not a dev worker that happens to share the broker.
    assert result.get(timeout=30) == {
        "status": "ok",
        "database": "postgresql",
        "worker_pid": os.getpid(),  # the worker thread of this test process
    }


def test_tests_use_their_own_redis_database_and_queue_names():
    conf = celery_app.conf
    assert not conf.broker_url.rstrip("/").endswith(("/0", ":6379"))
    assert conf.task_default_queue.startswith("pqrdesk-test")
    assert conf.task_default_queue != "celery"


def test_no_task_waits_on_a_result_backend_by_default():
    assert celery_app.conf.task_ignore_result is True
    assert celery_app.conf.task_publish_retry is False
    assert celery_app.conf.broker_connection_max_retries is None
    assert celery_app.conf.broker_transport_options["visibility_timeout"] <= 900


def test_celery_is_configured_for_safe_redelivery():
    conf = celery_app.conf
    assert conf.broker_url.startswith("redis://")
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_time_limit > 0
    assert "health-heartbeat" in conf.beat_schedule
