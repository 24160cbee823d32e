"""Alerts through a real Celery worker consuming from the real Redis."""

import threading
import time
from datetime import datetime

import pytest
from django.core import mail
from django.db import connection

from sla.calendar import BOGOTA
from sla.models import Alert
from sla.sweep import sweep_run
from tests.pqr.factories import make_pqr
from tests.sla.alert_emails import email_every_alert

BREACH_NOW = datetime(2026, 4, 10, 10, tzinfo=BOGOTA)


def _wait_sent(qs, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if qs.exists() and not qs.filter(sent_at__isnull=True).exists():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.worker
def test_breach_sends_exactly_one_email_through_the_worker(real_worker, agent, team_a):
    email_every_alert(agent)
    pqr = make_pqr(
        received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA),
        actor=agent,
        team=team_a,
        assigned_to=agent,
    )
    mail.outbox.clear()
    sweep_run(now=BREACH_NOW)
    breach = Alert.objects.filter(pqr=pqr, kind="resolution_breach")
    assert _wait_sent(breach)
    sweep_run(now=BREACH_NOW)
    time.sleep(1)
    assert breach.count() == 1
    assert sum(1 for m in mail.outbox if pqr.radicado in m.subject and "Solución" in m.subject) == 1


@pytest.mark.worker
def test_two_concurrent_sweeps_create_one_alert(real_worker, agent, team_a):
    email_every_alert(agent)
    pqr = make_pqr(
        received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA),
        actor=agent,
        team=team_a,
        assigned_to=agent,
    )
    mail.outbox.clear()

    def run():
        try:
            sweep_run(now=BREACH_NOW)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    breach = Alert.objects.filter(pqr=pqr, kind="resolution_breach")
    assert _wait_sent(breach)
    time.sleep(1)
    assert breach.count() == 1
    assert sum(1 for m in mail.outbox if pqr.radicado in m.subject and "Solución" in m.subject) == 1
