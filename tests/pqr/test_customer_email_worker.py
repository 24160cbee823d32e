"""The acknowledgement through a real Celery worker consuming from the real Redis."""

import time

import pytest
from django.core import mail

from pqr.emails import customer_emails_requeue
from pqr.models import CustomerEmail, Pqr
from pqr.tasks import send_customer_email

from .public_helpers import CREATE_URL, form_data, relay


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
    assert relay() == 1  # the outbox relay publishes it, not the request
    assert _wait_sent(row.pk)
    # Duplicate deliveries of the task, a requeue sweep and further relay passes must
    # not send it again.
    send_customer_email.delay(row.pk)
    send_customer_email.delay(row.pk)
    customer_emails_requeue()
    relay()
    time.sleep(2)
    acks = [m for m in mail.outbox if pqr.radicado in m.subject]
    assert len(acks) == 1
    assert acks[0].to == ["camila.restrepo@example.com"]
    row.refresh_from_db()
    assert row.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sends_of_one_row_deliver_one_email(agent):
    import threading

    from django.db import connection

    from pqr.emails import customer_email_queue, customer_email_send

    from .factories import CustomerFactory, make_pqr

    customer = CustomerFactory(email="concurrente@example.com")
    pqr = make_pqr(actor=agent, customer=customer)
    row = CustomerEmail.objects.get(pqr=pqr, kind="acknowledgement")
    CustomerEmail.objects.filter(pk=row.pk).update(sent_at=None, attempts=0)
    mail.outbox.clear()
    results = []

    def send():
        try:
            results.append(customer_email_send(email_id=row.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    assert len([m for m in mail.outbox if pqr.radicado in m.subject]) == 1
    assert customer_email_queue(kind="acknowledgement", pqr=pqr).pk == row.pk
