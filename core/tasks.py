import os

from celery import shared_task
from django.db import connection

from .relay import relay_once


# The one task whose result is read (by a health probe, never by a request).
@shared_task(name="core.tasks.health_check", bind=True, ignore_result=False)
def health_check(self) -> dict[str, str]:
    """Prove the worker reaches PostgreSQL; the broker is proven by the round trip,
    and the process id says which worker answered."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "database": connection.vendor, "worker_pid": os.getpid()}


@shared_task(name="core.tasks.outbox_relay", ignore_result=True)
def outbox_relay() -> int:
    """Beat: one relay pass (core.relay), in case the relay process is not running."""
    return relay_once()
