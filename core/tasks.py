from celery import shared_task
from django.db import connection


@shared_task(name="core.tasks.health_check")
def health_check() -> dict[str, str]:
    """Prove the worker reaches PostgreSQL; the broker is proven by the round trip."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "database": connection.vendor}
