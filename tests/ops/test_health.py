"""Probes for load balancers: /healthz (process up), /readyz (database, Redis,
migrations, replica), against a redis-server of the test's own that it stops."""

import pytest

from tests.core.test_deployment import PRODUCTION_ENV, _manage
from tests.servers.redis import RedisServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_redis(tmp_path, settings):
    """This test's redis-server on a free port: the shared one on 6379 is never stopped."""
    server = RedisServer(tmp_path)
    server.start()
    settings.CELERY_BROKER_URL = server.url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    yield server
    server.stop()


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_answers_503_while_redis_is_stopped_and_200_once_it_is_back(client, own_redis):
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.content
    assert ready.json()["checks"] == {"database": "ok", "redis": "ok", "migrations": "ok"}

    own_redis.stop()
    down = client.get("/readyz")
    assert down.status_code == 503
    body = down.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"] != "ok"
    assert body["checks"]["database"] == "ok"

    own_redis.start()  # same port
    back = client.get("/readyz")
    assert back.status_code == 200, back.content
    assert back.json()["status"] == "ok"


def test_readyz_reports_pending_migrations(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    from ops import health

    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 pending"


def test_probes_answer_plain_http_under_production_settings():
    """Load balancers probe over HTTP inside the network: no redirect to HTTPS."""
    code = (
        "from django.test import Client; c = Client(HTTP_HOST='pqr.example.org'); "
        "print(c.get('/healthz').status_code, c.get('/cuenta/login/').status_code)"
    )
    result = _manage("shell", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["200", "301"]
