"""Thin Celery tasks: load by id, call a service, retry with backoff."""

import logging
from datetime import datetime

from celery import shared_task

from sla.digest import digests_send
from sla.recompute import recompute_requested
from sla.recompute_shift import shift_requested
from sla.sending import alert_deliver
from sla.sweep import alerts_claimed, sweep_run

logger = logging.getLogger(__name__)


# No task here returns anything anyone reads: with ignore_result a Redis outage
# fails fast at publish instead of waiting on the result backend's reconnects.
@shared_task(
    bind=True,
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=300,  # below the visibility timeout (600 s)
    max_retries=None,
)
def alert_send(self, alert_id: int) -> None:
    alert_deliver(alert_id=alert_id)


@shared_task(
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=300,  # below the visibility timeout (600 s)
    max_retries=None,
)
def alerts_send(
    alert_ids: list[int] | None = None,
    claimed_at: str | None = None,
    shard: int = 0,
    shards: int = 1,
) -> None:
    """Deliver a group of alerts: those given, or (from the sweep) the unsent ones it
    stamped at `claimed_at` in this message's share, read from the database. A
    failure in one does not stop the others, and the retry skips those already sent
    (idempotent)."""
    if claimed_at is not None:
        stamp = datetime.fromisoformat(claimed_at)
        alert_ids = alerts_claimed(claimed_at=stamp, shard=shard, shards=shards)
    failures = []
    for alert_id in alert_ids or []:
        try:
            alert_deliver(alert_id=alert_id)
        except Exception as exc:
            failures.append(exc)
    if failures:
        raise failures[0]


@shared_task(acks_late=True, ignore_result=True)
def sla_sweep() -> int:
    return sweep_run()


# SMTP down at a person's hour: retried with backoff (capped below the visibility
# timeout); beat also runs it every hour, and each run sends only what is due.
@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=60,
    retry_backoff_max=300,
    max_retries=24,
)
def sla_daily_digest() -> int:
    return digests_send()


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def deadlines_recompute_task(requested_at: float) -> int:
    """Skip when a full recompute started after this request (it covered it)."""
    return recompute_requested(requested_at)


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def deadlines_shift_task(
    day: str, added: bool, requested_at: float, version: int, before: float
) -> int:
    """One non-working day added or removed: the set-based shift of due dates."""
    return shift_requested(day, added, requested_at, version, before)
