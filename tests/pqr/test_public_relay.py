"""A public filing publishes nothing: its acknowledgement and the tasks it causes (a
webhook delivery here) leave when the outbox relay runs, once (core.relay)."""

import json

import pytest
from django.core import mail

from api.models import WebhookDelivery
from core.models import PendingTask
from pqr.models import CustomerEmail, Pqr
from tests.api.test_webhooks import Receiver, endpoint_for

from .public_helpers import CREATE_URL, form_data, relay

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def test_webhook_and_acknowledgement_of_a_filing_leave_with_the_relay_once(
    client, receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver.url, ["pqr.created"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(CREATE_URL, form_data()).status_code == 302
    pqr = Pqr.objects.get()
    # Written in the filing's transaction, nothing sent by the request.
    assert receiver.requests == []
    assert mail.outbox == []
    assert PendingTask.objects.count() == 1
    email = CustomerEmail.objects.get(pqr=pqr, kind="acknowledgement")
    assert email.sent_at is None
    assert relay() == 2
    assert [json.loads(r["body"])["pqr"]["radicado"] for r in receiver.requests] == [pqr.radicado]
    assert [m.to for m in mail.outbox] == [["camila.restrepo@example.com"]]
    assert WebhookDelivery.objects.get().delivered_at is not None
    assert not PendingTask.objects.exists()
    # More passes (another relay, beat's fallback) send nothing again.
    relay()
    relay()
    assert len(receiver.requests) == 1
    assert len(mail.outbox) == 1
