"""The acknowledgement through a real Celery worker consuming from the real Redis."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from config.celery import app as celery_app
from pqr.emails import customer_emails_requeue
from pqr.models import CustomerEmail, Pqr
from pqr.tasks import send_customer_email

from .public_helpers import CREATE_URL, form_data


@pytest.fixture
def real_worker(transactional_db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=30):
        yield
    celery_app.conf.task_always_eager = True


def _wait_sent(email_id: int, timeout: float = 30) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if CustomerEmail.objects.filter(pk=email_id, sent_at__isnull=False).exists():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
def test_web_filing_acknowledgement_is_sent_exactly_once_by_the_worker(real_worker, client):
    mail.outbox.clear()
    client.post(CREATE_URL, form_data())
    pqr = Pqr.objects.get()
    row = CustomerEmail.objects.get(pqr=pqr, kind="acknowledgement")
    assert _wait_sent(row.pk)
    # Duplicate deliveries of the task and a requeue sweep must not send it again.
    send_customer_email.delay(row.pk)
    send_customer_email.delay(row.pk)
    customer_emails_requeue()
    time.sleep(2)
    acks = [m for m in mail.outbox if pqr.radicado in m.subject]
    assert len(acks) == 1
    assert acks[0].to == ["camila.restrepo@example.com"]
    row.refresh_from_db()
    assert row.attempts == 1
