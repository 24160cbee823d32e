"""Probes for load balancers and orchestrators.

`/healthz` says the process answers (no database, no Redis: a restart would not help
when those are down). `/readyz` says this node can serve: the database answers, Redis
(broker and cache) answers, every migration of the code is applied, and, when a read
replica is configured, how far behind it is. A lagging or unreachable replica does not
make the node unready: the router sends those reads to the primary (core/replica.py).
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.replica import replica_lag_seconds, replica_state

logger = logging.getLogger(__name__)
PROBE_TIMEOUT_SECONDS = 0.5
# Once every migration is applied it stays so for the life of the process (a deploy that
# adds migrations starts new processes), so the graph is read until then only.
_migrations_applied = False


def _check_database() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return type(exc).__name__
    return None


def redis_urls() -> list[str]:
    """The broker and the cache (sessions stay in PostgreSQL), once each."""
    urls = [settings.CELERY_BROKER_URL]
    cache = settings.CACHES.get("default", {})
    if "redis" in cache.get("BACKEND", "").lower():
        location = cache.get("LOCATION")
        urls += location if isinstance(location, list | tuple) else [location]
    return list(dict.fromkeys(u for u in urls if u))


def _check_redis() -> str | None:
    for url in redis_urls():
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=PROBE_TIMEOUT_SECONDS,
            socket_timeout=PROBE_TIMEOUT_SECONDS,
        )
        try:
            client.ping()
        except Exception as exc:
            return type(exc).__name__
        finally:
            client.close()
    return None


def _check_migrations() -> str | None:
    global _migrations_applied
    if _migrations_applied:
        return None
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return type(exc).__name__
    if plan:
        return f"{len(plan)} pending"
    _migrations_applied = True
    return None


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    checks = {}
    for name, check in (
        ("database", _check_database),
        ("redis", _check_redis),
        ("migrations", _check_migrations),
    ):
        error = check()
        checks[name] = "ok" if error is None else error
    ready = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if ready else "unavailable", "checks": checks}
    state = replica_state()
    if state != "absent":
        # Reported, never fatal: replica reads fall back to the primary.
        body["replica"] = {"state": state, "lag_seconds": replica_lag_seconds()}
    if not ready:
        logger.warning("readiness check failed: %s", checks)
    return JsonResponse(body, status=200 if ready else 503)
