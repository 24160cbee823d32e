"""Deliveries of the scheduled reports: exactly one row and one email per subscription
and period (two beat runs, two workers at once), SMTP failures retried with backoff and
the last one shown to the subscriber with a "Reintentar" button, and a report that
stops when its owner loses the team or the role."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from dashboards import deliveries
from dashboards.deliveries import deliveries_plan, deliveries_queue_due, delivery_send
from dashboards.models import ReportDelivery
from dashboards.tasks import scheduled_report_send
from tests.smtp import Handler, _free_port

from .scheduled_data import SEND_TIME, october, subscribe

URL = reverse("dashboards:subscriptions")


@pytest.fixture
def office(agent, team_a, team_b, supervisor):
    team_a.supervisors.add(supervisor)
    return october(agent=agent, team_a=team_a, team_b=team_b)


def _together(target, n=2) -> list:
    """Run `target` in n threads released at the same instant, each on its own
    database connection; returns their results."""
    barrier, results = threading.Barrier(n), []

    def run():
        try:
            barrier.wait()
            results.append(target())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.mark.django_db
def test_two_beat_runs_write_one_delivery(office, supervisor, team_a):
    sub = subscribe(supervisor, team_a)
    assert deliveries_plan(now=SEND_TIME) == 1
    assert deliveries_plan(now=SEND_TIME + timedelta(minutes=5)) == 0
    assert ReportDelivery.objects.filter(subscription=sub).count() == 1


def _reports(handler) -> list:
    """The report emails (the PQRs' own acknowledgements went to the same server)."""
    return [m for m in handler.messages if "del 2026-10-01 al 2026-10-31" in str(m["Subject"])]


@pytest.mark.django_db(transaction=True)
def test_two_beats_and_two_workers_at_once_send_one_email(smtp_server, office, supervisor, team_a):
    sub = subscribe(supervisor, team_a, file_format="xlsx")
    _together(lambda: deliveries_plan(now=SEND_TIME))
    [delivery] = ReportDelivery.objects.filter(subscription=sub)
    results = _together(lambda: delivery_send(delivery_id=delivery.pk, now=SEND_TIME))
    assert sorted(results) == [False, True]
    assert len(_reports(smtp_server)) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)
    # A later beat run finds nothing to plan and nothing to queue.
    assert deliveries_plan(now=SEND_TIME + timedelta(hours=1)) == 0
    assert deliveries_queue_due(now=SEND_TIME + timedelta(hours=1)) == 0
    assert len(_reports(smtp_server)) == 1


@pytest.fixture
def smtp_down(settings):
    """Django's SMTP backend pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_BACKOFF_BASE_SECONDS = 30
    return settings


@pytest.mark.django_db
def test_smtp_down_is_retried_with_backoff_then_shown_with_reintentar(
    smtp_down, office, supervisor, supervisor_client, team_a, django_capture_on_commit_callbacks
):
    from aiosmtpd.controller import Controller

    sub = subscribe(supervisor, team_a, file_format="pdf")
    deliveries_plan(now=SEND_TIME)
    delivery = ReportDelivery.objects.get(subscription=sub)
    scheduled_report_send.apply(args=[delivery.pk])  # the task, as a worker runs it
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "ConnectionRefusedError" in delivery.last_error
    first_wait = delivery.next_attempt_at
    # Not due yet: beat leaves it alone; due: beat queues it and it fails again.
    assert deliveries_queue_due(now=first_wait - timedelta(seconds=1)) == 0
    waits = []
    while delivery.status == "pending":
        started = timezone.now()
        # Eager mode: the queued task runs (and fails) inside this call.
        assert deliveries_queue_due(now=delivery.next_attempt_at) == 1
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - started)
    # Each wait doubles (30 s base; capped at an hour), measured from the failed attempt.
    for wait, expected in zip(waits, (60, 120, 240, 480), strict=False):
        assert timedelta(seconds=expected) <= wait < timedelta(seconds=expected + 5)
    assert (delivery.status, delivery.attempts) == ("failed", deliveries.MAX_ATTEMPTS)

    html = supervisor_client.get(URL).content.decode()
    assert f'data-testid="delivery-{delivery.pk}"' in html
    assert 'data-status="failed"' in html
    assert "ConnectionRefusedError" in html
    retry = reverse("dashboards:delivery_retry", args=[delivery.pk])
    assert f'action="{retry}"' in html
    assert "Reintentar" in html

    # The mail server is back: "Reintentar" sends it.
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_down.EMAIL_PORT)
    controller.start()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = supervisor_client.post(retry)
        assert response.status_code == 302
    finally:
        controller.stop()
    delivery.refresh_from_db()
    assert delivery.status == "sent"
    assert len(handler.messages) == 1
    assert 'data-status="sent"' in supervisor_client.get(URL).content.decode()


@pytest.mark.django_db
def test_a_refused_recipient_fails_at_once(smtp_server, office, supervisor, team_a):
    smtp_server.refuse.add(supervisor.email)
    sub = subscribe(supervisor, team_a, file_format="xlsx")
    deliveries_plan(now=SEND_TIME)
    delivery = ReportDelivery.objects.get(subscription=sub)
    scheduled_report_send.apply(args=[delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "SMTPRecipientsRefused" in delivery.last_error


@pytest.mark.django_db
def test_nobody_retries_another_supervisors_delivery(client, office, supervisor, team_a):
    from tests.factories import UserFactory

    sub = subscribe(supervisor, team_a)
    deliveries_plan(now=SEND_TIME)
    delivery = ReportDelivery.objects.get(subscription=sub)
    ReportDelivery.objects.filter(pk=delivery.pk).update(status="failed", last_error="x")
    other = UserFactory(username="otra.supervisora", role="Supervisor")
    client.force_login(other)
    client.post(reverse("dashboards:delivery_retry", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.status == "failed"


@pytest.mark.django_db
def test_owner_who_no_longer_supervises_the_team_gets_nothing(
    smtp_server, office, supervisor, supervisor_client, team_a
):
    sub = subscribe(supervisor, team_a)
    team_a.supervisors.remove(supervisor)
    deliveries_plan(now=SEND_TIME)
    delivery = ReportDelivery.objects.get(subscription=sub)
    assert delivery_send(delivery_id=delivery.pk, now=SEND_TIME) is False
    delivery.refresh_from_db()
    assert delivery.status == "withheld"
    assert smtp_server.messages == []
    html = supervisor_client.get(URL).content.decode()
    assert "Ya no supervisa el equipo Equipo A." in html


@pytest.mark.django_db
def test_owner_who_lost_the_supervisor_role_gets_nothing(smtp_server, office, supervisor, team_a):
    from django.contrib.auth.models import Group

    sub = subscribe(supervisor, team_a)
    supervisor.groups.set([Group.objects.get(name="Agente")])
    deliveries_plan(now=SEND_TIME)
    delivery = ReportDelivery.objects.get(subscription=sub)
    assert delivery_send(delivery_id=delivery.pk, now=SEND_TIME) is False
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == (
        "withheld",
        "Su cuenta ya no tiene el rol de supervisor.",
    )
    assert smtp_server.messages == []
