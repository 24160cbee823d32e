"""Reads that may go to a PostgreSQL streaming replica (DATABASE_REPLICA_URL).

Only reads marked explicitly go there: a view or selector wrapped in `use_replica()`
(dashboards, reports, exports). Everything else, every write, and every read of a
visitor who wrote in the last `DATABASE_REPLICA_STICKY_SECONDS` (a cookie set by
`replica_pinning`, so a supervisor who just reassigned a PQR sees it on the next page)
stays on the primary. A replica that lags more than `DATABASE_REPLICA_MAX_LAG_SECONDS`,
or does not answer, is skipped with a log line: the read goes to the primary.
"""

from __future__ import annotations

import contextvars
import logging
import time
from contextlib import ContextDecorator

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)
REPLICA = "replica"
LAST_WRITE_COOKIE = "pqrdesk_lw"
# The lag is measured at most this often per process, not once per query.
LAG_CHECK_SECONDS = 2.0
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)

_reads_on_replica = contextvars.ContextVar("pqrdesk_reads_on_replica", default=False)
_pinned_to_primary = contextvars.ContextVar("pqrdesk_pinned_to_primary", default=False)
_lag_cache: dict[str, float | str | None] = {"checked": -1e9, "lag": None, "logged": "ok"}
# Sessions, users and login records are read where they were just written: a page that
# reads the replica still finds the session made a moment ago.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "contenttypes", "axes", "otp_totp", "otp_static"}
)


def replica_configured() -> bool:
    enabled = bool(getattr(settings, "DATABASE_REPLICA_ENABLED", False))
    return enabled and REPLICA in settings.DATABASES


class use_replica(ContextDecorator):
    """Mark the reads inside as safe to serve from the replica (read-only, may be a few
    seconds old). Writes inside still go to the primary."""

    def __enter__(self):
        pinned = _pinned_to_primary.get()
        self._tokens = (_reads_on_replica.set(True), _pinned_to_primary.set(pinned))
        return self

    def __exit__(self, *exc):
        reads, pinned = self._tokens
        _pinned_to_primary.reset(pinned)
        _reads_on_replica.reset(reads)
        return False


def _measure_lag() -> float | None:
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            return float(cursor.fetchone()[0])
    except Exception as exc:
        _lag_cache["error"] = type(exc).__name__
        connection.close()
        return None


def replica_lag_forget() -> None:
    """Measure again at the next read (tests; a deploy that moves the replica)."""
    _lag_cache.update(checked=-1e9, lag=None, logged="ok")


def replica_lag_seconds(*, fresh: bool = False) -> float | None:
    """Seconds the replica is behind (0 when caught up), None when it does not answer."""
    now = time.monotonic()
    if fresh or now - _lag_cache["checked"] > LAG_CHECK_SECONDS:
        _lag_cache["lag"] = _measure_lag()
        _lag_cache["checked"] = now
    return _lag_cache["lag"]


def replica_state() -> str:
    """absent, ok, lagging or unreachable."""
    if not replica_configured():
        return "absent"
    lag = replica_lag_seconds()
    if lag is None:
        return "unreachable"
    return "lagging" if lag > settings.DATABASE_REPLICA_MAX_LAG_SECONDS else "ok"


def _replica_usable() -> bool:
    state = replica_state()
    # One line when the state changes, not one per query.
    if state != _lag_cache["logged"]:
        _lag_cache["logged"] = state
        if state == "lagging":
            logger.warning(
                "read replica %.1f s behind (limit %s s); reads go to the primary",
                _lag_cache["lag"],
                settings.DATABASE_REPLICA_MAX_LAG_SECONDS,
            )
        elif state == "unreachable":
            logger.warning(
                "read replica unreachable (%s); reads go to the primary",
                _lag_cache.get("error", "?"),
            )
        else:
            logger.warning(
                "read replica back (%.1f s behind); marked reads use it", _lag_cache["lag"]
            )
    return state == "ok"


class ReplicaRouter:
    """DATABASE_ROUTERS entry: marked reads to the replica when it is fresh enough."""

    def db_for_read(self, model, **hints):
        if not _reads_on_replica.get() or _pinned_to_primary.get() or not replica_configured():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        return REPLICA if _replica_usable() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        if _reads_on_replica.get():
            # A write inside a replica block: the rest of the block reads its own write.
            _pinned_to_primary.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA  # a standby is read-only: migrations run on the primary


def replica_pinning(get_response):
    """Read-your-writes across requests: a visitor who wrote (an unsafe method) in the
    last DATABASE_REPLICA_STICKY_SECONDS reads from the primary only."""

    def middleware(request):
        sticky = settings.DATABASE_REPLICA_STICKY_SECONDS
        try:
            last_write = float(request.COOKIES.get(LAST_WRITE_COOKIE, "0"))
        except ValueError:
            last_write = 0.0
        token = _pinned_to_primary.set(time.time() - last_write < sticky)
        try:
            response = get_response(request)
        finally:
            _pinned_to_primary.reset(token)
        if request.method in UNSAFE_METHODS and replica_configured():
            response.set_cookie(
                LAST_WRITE_COOKIE,
                f"{time.time():.0f}",
                max_age=sticky,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    return middleware
