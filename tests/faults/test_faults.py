"""Fault suite: real redis-server, SMTP server, worker and beat subprocesses, and the
figures of docs/reliability.md (scenario, expected, delivered, duplicated, lost,
recovery time). Delivery is at least once: a duplicate is allowed only from the window
between the mail server's accept and our commit, and then carries the same Message-ID."""

import os
import signal
import time
from collections import Counter

import pytest

from pqr.models import CustomerEmail, Pqr
from sla.models import Alert, AlertKind
from tests.pqr.factories import CustomerFactory, TeamFactory, make_pqr
from tests.pqr.public_helpers import CREATE_URL, form_data
from tests.sla.alert_emails import email_every_alert

pytestmark = [pytest.mark.faults, pytest.mark.worker]


def _acks(smtp, radicados) -> Counter:
    counts = Counter()
    for subject in smtp.handler.subjects_with("radicado"):
        for radicado in radicados:
            if radicado in subject:
                counts[radicado] += 1
    return counts


def _customer_pqrs(agent, n, tag):
    team = TeamFactory(name=f"Equipo {tag}")
    team.members.add(agent)
    return [
        make_pqr(
            actor=agent,
            team=team,
            assigned_to=agent,
            customer=CustomerFactory(email=f"{tag}{i}@example.com"),
        )
        for i in range(n)
    ]


def test_redis_stopped_during_public_filings_loses_nothing(faults, client):
    faults.worker()
    faults.beat()
    # Warm the process up first (imports, templates): the figure is about the broker.
    client.get(CREATE_URL)
    client.post(CREATE_URL, form_data(document_number="79999999", contact_email="w@example.com"))
    warm = set(Pqr.objects.values_list("radicado", flat=True))
    faults.broker.stop()
    timings = []
    for i in range(10):
        data = form_data(
            document_number=f"7{i:07d}",
            contact_email=f"caida{i}@example.com",
            full_name=f"Cliente Caída {i}",
        )
        start = time.perf_counter()
        response = client.post(CREATE_URL, data)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 302
    radicados = list(Pqr.objects.exclude(radicado__in=warm).values_list("radicado", flat=True))
    assert len(radicados) == 10  # every PQR saved while Redis was down
    assert max(timings) < 1.0, timings
    faults.broker.start()
    back = faults.wait(lambda: len(_acks(faults.smtp, radicados)) == 10, timeout=60)
    counts = _acks(faults.smtp, radicados)
    faults.record(
        scenario="Redis stopped during 10 public filings, then back",
        expected=10,
        delivered=len(counts),
        duplicated=sum(counts.values()) - len(counts),
        lost=10 - len(counts),
        recovery_s=round(back, 1) if back is not None else None,
        slowest_request_s=round(max(timings), 3),
    )
    assert back is not None, faults.logs()
    assert set(counts.values()) == {1}  # each acknowledgement once


def test_worker_killed_mid_batch_delivers_every_alert_and_email(faults, agent):
    faults.smtp.handler.delay = 0.25  # a slow relay: the kill lands mid-batch
    email_every_alert(agent)  # one email per alert, the kind these scenarios count
    pqrs = _customer_pqrs(agent, 8, "kill")
    for pqr in pqrs:
        Alert.objects.create(pqr=pqr, kind=AlertKind.WARNING, threshold="fault")
    radicados = [p.radicado for p in pqrs]
    expected = 2 * len(pqrs)  # one acknowledgement and one alert email per PQR

    def delivered() -> int:
        return len(set(faults.smtp.handler.message_ids()))

    first = faults.worker("w1")
    faults.beat()
    assert faults.wait(lambda: delivered() >= 3, timeout=60) is not None, faults.logs()
    first.kill()
    killed_at = time.monotonic()
    faults.worker("w2")
    rows = CustomerEmail.objects.filter(pqr__radicado__in=radicados, sent_at=None)
    # Done when every row is stamped sent: the message in flight at the kill may have
    # been accepted by the server and still be due again (the at-least-once window).
    done = faults.wait(
        lambda: (
            delivered() >= expected
            and not rows.exists()
            and not Alert.objects.filter(sent_at__isnull=True).exists()
        ),
        timeout=90,
    )
    ids = faults.smtp.handler.message_ids()
    duplicated = len(ids) - len(set(ids))
    faults.record(
        scenario="kill -9 of the worker mid-batch (8 emails + 8 alerts, slow SMTP)",
        expected=expected,
        delivered=len(set(ids)),
        duplicated=duplicated,
        lost=expected - len(set(ids)),
        recovery_s=round(time.monotonic() - killed_at, 1) if done is not None else None,
    )
    assert done is not None, faults.logs()
    assert not Alert.objects.filter(sent_at__isnull=True).exists()
    assert not rows.exists()
    # At least once: only the message in flight at the kill may come twice, same Message-ID.
    assert duplicated <= 1


def test_smtp_down_then_back_sends_everything_once(faults, agent):
    faults.smtp.stop()
    faults.worker()
    faults.beat()
    pqrs = _customer_pqrs(agent, 6, "smtp")
    radicados = [p.radicado for p in pqrs]
    rows = CustomerEmail.objects.filter(pqr__radicado__in=radicados)
    tried = faults.wait(lambda: not rows.filter(attempts=0).exists(), timeout=30)
    assert tried is not None, faults.logs()
    assert not rows.filter(sent_at__isnull=False).exists()
    assert not rows.filter(last_error="").exists()  # the failure is on the row, not silent
    faults.smtp.start()
    back = faults.wait(lambda: len(_acks(faults.smtp, radicados)) == 6, timeout=60)
    counts = _acks(faults.smtp, radicados)
    faults.record(
        scenario="SMTP down, 6 acknowledgements queued, then back",
        expected=6,
        delivered=len(counts),
        duplicated=sum(counts.values()) - len(counts),
        lost=6 - len(counts),
        recovery_s=round(back, 1) if back is not None else None,
    )
    assert back is not None, faults.logs()
    assert set(counts.values()) == {1}


def test_two_beats_send_no_duplicates(faults, agent):
    # Rows written while the broker was down: only the beats' polls queue them.
    email_every_alert(agent)
    faults.broker.stop()
    pqrs = _customer_pqrs(agent, 6, "beats")
    for pqr in pqrs:
        Alert.objects.create(pqr=pqr, kind=AlertKind.WARNING, threshold="beats")
    faults.broker.start()
    faults.worker()
    faults.beat("b1")
    faults.beat("b2")
    expected = 2 * len(pqrs)
    done = faults.wait(lambda: len(faults.smtp.handler.message_ids()) >= expected, timeout=60)
    time.sleep(4)  # both beats poll again meanwhile: nothing more may be sent
    ids = faults.smtp.handler.message_ids()
    faults.record(
        scenario="two beats polling the same outbox (6 emails + 6 alerts)",
        expected=expected,
        delivered=len(set(ids)),
        duplicated=len(ids) - len(set(ids)),
        lost=expected - len(set(ids)),
        recovery_s=round(done, 1) if done is not None else None,
    )
    assert done is not None, faults.logs()
    assert len(ids) == len(set(ids)) == expected


def _children(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    try:
        with open(path) as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def test_prefork_worker_survives_a_child_killed_at_start_up(faults, agent):
    worker = faults.worker_prefork()
    assert faults.wait(lambda: _children(worker.proc.pid), timeout=30) is not None
    for child in _children(worker.proc.pid):
        os.kill(child, signal.SIGKILL)  # the child dies while the worker starts
    faults.beat()
    pqrs = _customer_pqrs(agent, 3, "child")
    radicados = [p.radicado for p in pqrs]
    back = faults.wait(lambda: len(_acks(faults.smtp, radicados)) == 3, timeout=60)
    faults.record(
        scenario="prefork worker whose child is killed at start-up (3 acknowledgements)",
        expected=3,
        delivered=len(_acks(faults.smtp, radicados)),
        duplicated=0,
        lost=3 - len(_acks(faults.smtp, radicados)),
        recovery_s=round(back, 1) if back is not None else None,
    )
    assert back is not None, faults.logs()
    assert worker.proc.poll() is None  # the worker itself is still running
