"""Thin Celery tasks: load by id, call a service, retry with backoff."""

from celery import shared_task


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=None,
)
def alert_send(self, alert_id: int) -> None:
    from sla.sending import alert_deliver

    alert_deliver(alert_id=alert_id)


@shared_task(acks_late=True)
def sla_sweep() -> int:
    from sla.sweep import sweep_run

    return sweep_run()
