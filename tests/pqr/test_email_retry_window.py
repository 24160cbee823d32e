"""Customer emails are retried with capped backoff for the configured window, then
marked failed and alerted; any error counts as an attempt; beat queues what is due."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from pqr import emails
from pqr.models import CustomerEmail
from pqr.tasks import send_customer_email
from sla.models import Alert, AlertKind

from .factories import CustomerFactory, make_pqr

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(agent, team_a):
    customer = CustomerFactory(full_name="Ana Lucía Pérez", email="ana.perez@example.com")
    pqr = make_pqr(actor=agent, team=team_a, customer=customer)
    return CustomerEmail.objects.get(pqr=pqr, kind="acknowledgement")


@pytest.fixture
def smtp_refused(settings):
    # A real SMTP connection to a port where nothing listens: refused at once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2


def test_smtp_failure_is_an_attempt_with_its_next_try_scheduled(row, smtp_refused):
    send_customer_email.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.sent_at is None
    assert row.failed_at is None
    assert row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at - row.last_attempt_at == timedelta(seconds=30)


def test_backoff_grows_exponentially_and_is_capped_at_an_hour():
    waits = [emails.backoff_seconds(n) for n in range(1, 12)]
    assert waits[:4] == [30, 60, 120, 240]
    assert waits[-1] == 3600


def test_template_error_counts_as_an_attempt_instead_of_looping(row, monkeypatch):
    def broken(email):
        raise LookupError("template pqr/email/es/acknowledgement.txt missing")

    monkeypatch.setattr(emails, "render_customer_email", broken)
    send_customer_email.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.attempts == 1
    assert row.last_error.startswith("LookupError")
    assert row.next_attempt_at > timezone.now()
    # Not due yet: the next poll leaves it alone (no poison loop).
    assert emails.customer_emails_requeue() == 0


def test_email_is_kept_retrying_inside_the_window(row, smtp_refused, settings):
    settings.EMAIL_GIVE_UP_AFTER = timedelta(days=3)
    CustomerEmail.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(days=2), attempts=40
    )
    send_customer_email.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.failed_at is None
    assert row.next_attempt_at - row.last_attempt_at == timedelta(hours=1)


def test_email_is_marked_failed_after_the_window_and_the_supervisor_alerted(
    row, smtp_refused, settings, supervisor, team_a
):
    team_a.supervisors.add(supervisor)
    settings.EMAIL_GIVE_UP_AFTER = timedelta(days=3)
    CustomerEmail.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=4))
    send_customer_email.apply(args=[row.pk])
    row.refresh_from_db()
    assert row.failed_at is not None
    assert row.next_attempt_at is None
    alert = Alert.objects.get(pqr=row.pqr, kind=AlertKind.NOTIFICATION_FAILED)
    assert alert.threshold == f"e{row.pk}"
    # Failed rows are never queued again by beat.
    assert emails.customer_emails_requeue(now=timezone.now() + timedelta(days=1)) == 0


def test_requeue_sends_rows_never_queued_and_rows_due_only(agent, team_a):
    customer = CustomerFactory(email="cola@example.com")
    pqr = make_pqr(actor=agent, team=team_a, customer=customer)
    lost = CustomerEmail.objects.get(pqr=pqr, kind="acknowledgement")
    waiting = emails.customer_email_queue(kind="transfer", pqr=pqr)
    old = timezone.now() - timedelta(minutes=10)
    CustomerEmail.objects.filter(pk=lost.pk).update(created_at=old, sent_at=None)
    CustomerEmail.objects.filter(pk=waiting.pk).update(
        created_at=old, attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=1)
    )
    mail.outbox.clear()
    assert emails.customer_emails_requeue() == 1
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.sent_at is not None
    assert waiting.sent_at is None
    assert [m.to for m in mail.outbox] == [["cola@example.com"]]


def test_a_task_that_runs_before_its_row_is_visible_looks_again_soon(db, monkeypatch):
    """Item 10 of issue 12: a task that found no row returned quietly and the email
    waited for the 5-minute requeue; now it retries in seconds."""
    retries = []
    monkeypatch.setattr(
        send_customer_email, "retry", lambda **kw: retries.append(kw) or RuntimeError("retry")
    )
    with pytest.raises(RuntimeError):
        send_customer_email.run(987654)
    assert retries == [{"countdown": emails.NOT_YET_VISIBLE_RETRY_SECONDS}]
