"""The one way services queue Celery work: by the task's dotted path, after commit.

Tasks sit above services (a task loads rows by id and calls a service), so a service
never imports a task module. It names the task instead:

    enqueue_on_commit("pqr.tasks.send_customer_email", email.pk)

The publish runs after the current transaction commits (nothing is sent for work that
rolled back) and never raises into the caller: the row the service wrote is the source
of truth, and a beat job queues again whatever never reached the broker.

Inside `publishing_deferred()` (the public filing, issue 18) nothing is published: the
task is written as a `PendingTask` row in the transaction and the outbox relay
(core.relay) publishes it, outside the request.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from importlib import import_module

from django.db import transaction

from .models import PendingTask
from .request_id import request_id_to_keep

logger = logging.getLogger(__name__)


def task_by_path(path: str):
    """The Celery task object at `path` ("app.tasks.name")."""
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


# After a failed publish this process does not try the broker again for a few seconds:
# a request that queues several tasks, or many requests in a row, pay the connect
# timeout once, not once per task (the outbox rows are queued again by beat).
BROKER_BACKOFF_SECONDS = 5.0
_broker_down_until = 0.0


def publish(path: str, *args, **options) -> bool:
    """Send the task now. False, logged, when it could not be queued (broker down)."""
    global _broker_down_until
    task = task_by_path(path)
    if time.monotonic() < _broker_down_until and not task.app.conf.task_always_eager:
        logger.warning("task %s not queued (broker marked down); it will be queued again", path)
        return False
    # One quick try (settings: CELERY_TASK_PUBLISH_RETRY, broker timeouts): a request
    # never waits on an unreachable broker.
    options.setdefault("retry", False)
    try:
        task.apply_async(args=args, **options)
    except Exception as exc:
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning(
            "task %s not queued (%s: %s); it will be queued again", path, type(exc).__name__, exc
        )
        return False
    return True


def broker_mark_up() -> None:
    """Forget an earlier publish failure (tests that bring the broker back)."""
    global _broker_down_until
    _broker_down_until = 0.0


_deferred: ContextVar[bool] = ContextVar("pqrdesk_publishing_deferred", default=False)


@contextmanager
def publishing_deferred():
    """Within: outboxes are left to the relay, nothing is published (no broker round
    trip; a filing succeeds with the broker down)."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def publishing_is_deferred() -> bool:
    return _deferred.get()


def enqueue_on_commit(path: str, *args, **options) -> None:
    """Publish the task once the current transaction commits (at once outside one);
    when publishing is deferred, a `PendingTask` row for the relay instead."""
    if _deferred.get():
        PendingTask.objects.create(
            path=path, args=list(args), options=options, request_id=request_id_to_keep()
        )
        return
    transaction.on_commit(partial(publish, path, *args, **options))
