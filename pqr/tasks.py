"""Celery tasks of the PQR app: customer emails from the outbox."""

from smtplib import SMTPException

from celery import shared_task

from . import emails


@shared_task(bind=True, max_retries=emails.MAX_ATTEMPTS)
def send_customer_email(self, email_id: int) -> bool:
    """Send one outbox row; SMTP trouble is recorded and retried with growing waits."""
    try:
        return emails.customer_email_send(email_id=email_id)
    except (SMTPException, OSError) as exc:
        attempts = emails.customer_email_failed(email_id=email_id, error=exc)
        if attempts >= emails.MAX_ATTEMPTS:
            return False
        raise self.retry(exc=exc, countdown=emails.backoff_seconds(attempts)) from exc


@shared_task
def requeue_customer_emails() -> int:
    """Beat: queue again unsent rows whose task never reached the broker."""
    return emails.customer_emails_requeue()
