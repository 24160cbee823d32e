"""The outbox relay (issue 18): a public filing publishes nothing itself; the relay
process publishes its acknowledgement. Real redis-server (stopped and started), real
SMTP server, worker and relay subprocesses, no beat: the relay alone delivers."""

import time

import pytest

from pqr.models import CustomerEmail, Pqr
from tests.pqr.public_helpers import CREATE_URL, form_data

from .test_faults import _acks

pytestmark = [pytest.mark.faults, pytest.mark.worker]


def _file(client, n: int, tag: str) -> tuple[list[str], list[float]]:
    before = set(Pqr.objects.values_list("radicado", flat=True))
    timings = []
    for i in range(n):
        data = form_data(
            document_number=f"8{i:07d}{len(tag)}",
            contact_email=f"{tag}{i}@example.com",
            full_name=f"Cliente Relevo {i}",
        )
        start = time.perf_counter()
        response = client.post(CREATE_URL, data)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 302
    radicados = list(Pqr.objects.exclude(radicado__in=before).values_list("radicado", flat=True))
    return radicados, timings


def test_the_request_publishes_nothing_the_relay_does(faults, client):
    faults.worker()
    radicados, _timings = _file(client, 2, "sinrelevo")
    time.sleep(3)  # a worker is consuming: had the request published, it would be sent
    assert not _acks(faults.smtp, radicados)
    faults.relay()
    sent = faults.wait(lambda: len(_acks(faults.smtp, radicados)) == 2, timeout=30)
    assert sent is not None, faults.logs()


def test_filing_with_redis_stopped_succeeds_and_the_relay_sends_it_once_back(faults, client):
    faults.worker()
    faults.relay()
    client.get(CREATE_URL)
    faults.broker.stop()
    radicados, timings = _file(client, 5, "relevo")
    assert len(radicados) == 5  # every filing saved, none waited on the broker
    assert max(timings) < 1.0, timings
    rows = CustomerEmail.objects.filter(pqr__radicado__in=radicados, kind="acknowledgement")
    assert rows.count() == 5
    time.sleep(2)  # the relay passes meanwhile: nothing can leave without the broker
    assert not _acks(faults.smtp, radicados)
    assert not rows.filter(sent_at__isnull=False).exists()
    faults.broker.start()
    back = faults.wait(lambda: len(_acks(faults.smtp, radicados)) == 5, timeout=60)
    time.sleep(2)  # more relay passes: none sends a second copy
    counts = _acks(faults.smtp, radicados)
    faults.record(
        scenario="Redis stopped during 5 public filings, relay only (no beat), then back",
        expected=5,
        delivered=len(counts),
        duplicated=sum(counts.values()) - len(counts),
        lost=5 - len(counts),
        recovery_s=round(back, 1) if back is not None else None,
        slowest_request_s=round(max(timings), 3),
    )
    assert back is not None, faults.logs()
    assert set(counts.values()) == {1}
    assert rows.filter(sent_at__isnull=False, attempts=1).count() == 5


def test_two_relays_and_a_beat_send_each_acknowledgement_once(faults, client):
    faults.worker()
    faults.relay("r1")
    faults.relay("r2")
    faults.beat()
    radicados, _timings = _file(client, 8, "doble")
    done = faults.wait(lambda: len(_acks(faults.smtp, radicados)) == 8, timeout=60)
    time.sleep(4)  # both relays and beat poll again meanwhile
    counts = _acks(faults.smtp, radicados)
    ids = faults.smtp.handler.message_ids()
    faults.record(
        scenario="two relays and a beat over the same outbox (8 public filings)",
        expected=8,
        delivered=len(counts),
        duplicated=sum(counts.values()) - len(counts),
        lost=8 - len(counts),
        recovery_s=round(done, 1) if done is not None else None,
    )
    assert done is not None, faults.logs()
    assert set(counts.values()) == {1}
    assert len(ids) == len(set(ids))
