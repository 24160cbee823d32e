import pytest

from config.celery import app as celery_app
from core.tasks import health_check


@pytest.mark.worker
def test_health_task_round_trips_through_redis_and_a_real_worker(real_worker):
    result = health_check.delay()
    assert result.get(timeout=30) == {"status": "ok", "database": "postgresql"}


def test_celery_is_configured_for_safe_redelivery():
    conf = celery_app.conf
    assert conf.broker_url.startswith("redis://")
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_time_limit > 0
    assert "health-heartbeat" in conf.beat_schedule
