"""Thin Celery tasks: load by id, call the webhook sender."""

from celery import shared_task

from .webhooks import webhook_delivery_send, webhooks_queue_due


@shared_task(acks_late=True, ignore_result=True)
def webhook_deliver(delivery_pk: int) -> bool:
    return webhook_delivery_send(delivery_pk=delivery_pk)


@shared_task(ignore_result=True)
def webhooks_requeue() -> int:
    return webhooks_queue_due()
