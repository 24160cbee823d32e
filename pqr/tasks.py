"""Celery tasks of the PQR app: customer emails from the outbox."""

from celery import shared_task

from . import emails
from .models import CustomerEmail


@shared_task(bind=True, ignore_result=True, acks_late=True, max_retries=3)
def send_customer_email(self, email_id: int) -> bool:
    """Send one outbox row. Any failure (SMTP, template, database, time limit) is an
    attempt recorded on the row with its next try; beat queues it when due."""
    try:
        sent = emails.customer_email_send(email_id=email_id)
    except Exception as exc:
        emails.customer_email_failed(email_id=email_id, error=exc)
        return False
    if not sent and not CustomerEmail.objects.filter(pk=email_id).exists():
        # Published before its row is visible to us (or deleted): look again shortly,
        # instead of waiting for the requeue poll.
        raise self.retry(countdown=emails.NOT_YET_VISIBLE_RETRY_SECONDS)
    return sent


@shared_task(ignore_result=True)
def requeue_customer_emails() -> int:
    """Beat: queue the outbox rows that are due (never queued, or due a retry)."""
    return emails.customer_emails_requeue()
