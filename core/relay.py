"""The outbox relay: publishes, outside any request, what requests left in outboxes.

A request that files a PQR writes its outbox rows in its transaction and publishes
nothing (`core.jobs.publishing_deferred`): no broker round trip in the request, and a
filing succeeds with Redis down. This relay, a process of its own
(`manage.py outbox_relay`, a pass every PQRDESK_OUTBOX_RELAY_SECONDS) and beat's polls
as a fallback, publishes them. Apps register the pass over their own outbox (call
down, register up); the generic `PendingTask` rows are handled here.

Publishing is at least once (a crash between the broker's accept and the row's
update publishes again); every task relayed is idempotent (it locks its row and skips
it once sent), so nothing is sent twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from django.db import close_old_connections, transaction

from .jobs import publish
from .models import PendingTask
from .request_id import publishing_for

logger = logging.getLogger(__name__)
Relay = Callable[[], int]
_relays: list[Relay] = []
BATCH = 500


def register_relay(relay: Relay) -> None:
    """`relay()` publishes the due rows of one outbox and returns how many."""
    if relay not in _relays:
        _relays.append(relay)


def pending_tasks_publish(*, limit: int = BATCH) -> int:
    """Publish the `PendingTask` rows, oldest first, and delete those published. Rows
    another relay holds are skipped; with the broker down nothing is deleted."""
    with transaction.atomic():
        rows = list(PendingTask.objects.select_for_update(skip_locked=True)[:limit])
        done = []
        for row in rows:
            with publishing_for(row.request_id):
                published = publish(row.path, *row.args, **row.options)
            if not published:
                break
            done.append(row.pk)
        if done:
            PendingTask.objects.filter(pk__in=done).delete()
    return len(done)


def relay_once() -> int:
    """One pass over every outbox; how many tasks were published."""
    return pending_tasks_publish() + sum(relay() for relay in _relays)


def relay_forever(
    *,
    interval: float,
    should_stop: Callable[[], bool] = lambda: False,
    heartbeat: Path | None = None,
) -> None:
    """Passes until `should_stop()`: at once again while a pass found work, else after
    `interval` seconds. A database error is logged and the pass retried. `heartbeat` is
    touched after each pass that reached the database (the container's health check)."""
    while not should_stop():
        close_old_connections()
        try:
            busy = relay_once()
        except Exception:
            logger.exception("outbox relay pass failed; retrying")
            busy = 0
        else:
            if heartbeat is not None:
                heartbeat.touch()
        if not busy:
            time.sleep(interval)
