"""Webhooks: an outbox row written with the event, signed, delivered to a real HTTP
server (http.server in a thread), retried after a 500, never twice with one id."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.utils import timezone

from api.models import WebhookDelivery, WebhookEndpoint
from api.webhooks import secret_generate, signature_verify, webhooks_queue_due
from pqr.events import pqr_event_record
from pqr.services import pqr_transition
from tests.pqr.factories import make_pqr

SECRET = secret_generate()


class Receiver:
    """A real HTTP receiver: answers with the queued status codes (then 200) and
    records every request it got."""

    def __init__(self, codes=()):
        self.codes = list(codes)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": self.headers, "body": body})
                code = receiver.codes.pop(0) if receiver.codes else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"ok" if code == 200 else b"boom")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/pqr"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver(codes=[500])
    yield server
    server.close()


def endpoint_for(url, events, **kwargs) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        name="CRM", url=url, events=events, secret=SECRET, **kwargs
    )


@pytest.mark.django_db
def test_receiver_500_is_retried_with_the_same_delivery_id_and_delivered_once(
    receiver, team_a, django_capture_on_commit_callbacks, settings
):
    settings.API_WEBHOOK_BACKOFF_BASE_SECONDS = 30
    endpoint_for(receiver.url, ["pqr.created"])
    with django_capture_on_commit_callbacks(execute=True):
        pqr = make_pqr(team=team_a)
    row = WebhookDelivery.objects.get()
    assert (row.attempts, row.last_status_code, row.delivered_at) == (1, 500, None)
    assert (
        timedelta(seconds=29) < row.next_attempt_at - row.last_attempt_at <= timedelta(seconds=30)
    )
    # Nothing is due yet; at the retry time beat queues it and it is delivered.
    assert webhooks_queue_due() == 0
    assert webhooks_queue_due(now=row.next_attempt_at + timedelta(seconds=1)) == 1
    row.refresh_from_db()
    assert row.delivered_at is not None
    assert (row.attempts, row.last_status_code) == (2, 200)
    # Delivered rows are never sent again, whatever beat does later.
    assert webhooks_queue_due(now=timezone.now() + timedelta(days=1)) == 0
    assert len(receiver.requests) == 2
    ids = {r["headers"]["X-PQRDesk-Delivery"] for r in receiver.requests}
    assert ids == {str(row.delivery_id)}
    last = receiver.requests[-1]
    assert signature_verify(SECRET, last["headers"]["X-PQRDesk-Signature"], last["body"])
    assert not signature_verify("other", last["headers"]["X-PQRDesk-Signature"], last["body"])
    payload = json.loads(last["body"])
    assert payload["event"] == "pqr.created"
    assert payload["id"] == str(row.delivery_id)
    assert payload["pqr"]["radicado"] == pqr.radicado


@pytest.mark.django_db
def test_each_endpoint_gets_its_own_delivery_id_and_a_repeat_announcement_none(team_a):
    from core.domain_events import DomainEvent, announce

    first = endpoint_for("http://127.0.0.1:9/a", ["pqr.breached"])
    second = endpoint_for("http://127.0.0.1:9/b", ["pqr.breached", "pqr.created"])
    pqr = make_pqr(team=team_a)
    event = DomainEvent(name="pqr.breached", key=f"breach:{pqr.pk}:x:y", pqr_id=pqr.pk)
    announce([event])
    announce([event])  # the sweep ran twice over the same threshold
    rows = WebhookDelivery.objects.filter(event="pqr.breached")
    assert {r.endpoint_id for r in rows} == {first.pk, second.pk}
    assert len({r.delivery_id for r in rows}) == 2
    assert WebhookDelivery.objects.filter(event="pqr.created", endpoint=second).count() == 1


@pytest.mark.django_db
def test_resolution_writes_the_row_in_its_transaction_and_a_rollback_none(team_a):
    endpoint_for("http://127.0.0.1:9/x", ["pqr.resolved", "pqr.answered"])
    pqr = make_pqr(team=team_a)

    def resolve_then_fail():
        with transaction.atomic():
            pqr_transition(pqr=pqr, to_status="en_tramite", actor=None)
            # Resolving needs an answer on record; the status event alone announces it.
            pqr_event_record(
                pqr=pqr, actor=None, kind="status", field="status", new_value="resuelto"
            )
            assert WebhookDelivery.objects.filter(event="pqr.resolved").count() == 1
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        resolve_then_fail()
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_endpoint_limited_to_a_team_hears_only_that_team(team_a, team_b):
    endpoint = endpoint_for("http://127.0.0.1:9/x", ["pqr.created"])
    endpoint.teams.set([team_a])
    make_pqr(team=team_b)
    assert not WebhookDelivery.objects.exists()
    make_pqr(team=team_a)
    assert WebhookDelivery.objects.count() == 1


@pytest.mark.django_db
def test_delivery_given_up_after_the_window_is_shown_as_abandoned(settings, team_a, receiver):
    settings.API_WEBHOOK_GIVE_UP_AFTER = timedelta(seconds=0)
    receiver.codes = [500, 500]
    endpoint_for(receiver.url, ["pqr.created"])
    make_pqr(team=team_a)
    row = WebhookDelivery.objects.get()
    from api.webhooks import webhook_delivery_send

    assert (
        webhook_delivery_send(delivery_pk=row.pk, now=timezone.now() + timedelta(seconds=1))
        is False
    )
    row.refresh_from_db()
    assert row.failed_at is not None
    assert row.next_attempt_at is None
    assert webhooks_queue_due(now=timezone.now() + timedelta(days=1)) == 0


def test_webhook_urls_must_be_https(settings):
    from django.core.exceptions import ValidationError

    from api.services import webhook_url_validate

    webhook_url_validate("https://crm.example.com/hooks")
    webhook_url_validate("http://127.0.0.1:8080/hooks")
    settings.API_WEBHOOK_ALLOW_HTTP_LOOPBACK = False
    for url in ("http://127.0.0.1:8080/hooks", "http://crm.example.com/", "ftp://x/"):
        with pytest.raises(ValidationError):
            webhook_url_validate(url)


@pytest.mark.django_db
def test_survey_answered_is_signed_retried_after_500_and_never_delivered_twice(
    receiver, team_a, django_capture_on_commit_callbacks
):
    from surveys.models import SatisfactionSurvey, SurveySource
    from surveys.services import survey_details_record, survey_score_record

    endpoint_for(receiver.url, ["survey.answered"], is_active=True).teams.set([team_a])
    pqr = make_pqr(team=team_a)
    survey = SatisfactionSurvey.objects.create(
        source=SurveySource.PQR, pqr=pqr, sent_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        survey_score_record(survey=survey, score=2)  # the one-click score in the email
    row = WebhookDelivery.objects.get(event="survey.answered")
    assert (row.attempts, row.last_status_code) == (1, 500)
    # The customer then changes the score and fills in the survey page: still answered
    # once, so no second announcement and no second row.
    with django_capture_on_commit_callbacks(execute=True):
        survey_score_record(survey=survey, score=3)
        survey_details_record(survey=survey, score=3, comment="Tardaron, pero resolvieron")
    assert WebhookDelivery.objects.filter(event="survey.answered").count() == 1
    assert webhooks_queue_due(now=row.next_attempt_at + timedelta(seconds=1)) == 1
    assert webhooks_queue_due(now=timezone.now() + timedelta(days=1)) == 0
    row.refresh_from_db()
    assert (row.attempts, row.last_status_code) == (2, 200)
    assert len(receiver.requests) == 2
    assert {r["headers"]["X-PQRDesk-Delivery"] for r in receiver.requests} == {str(row.delivery_id)}
    for request in receiver.requests:
        assert request["headers"]["X-PQRDesk-Event"] == "survey.answered"
        assert signature_verify(SECRET, request["headers"]["X-PQRDesk-Signature"], request["body"])
        tampered = request["body"].replace(b'"score":2', b'"score":5')
        assert not signature_verify(SECRET, request["headers"]["X-PQRDesk-Signature"], tampered)
    payload = json.loads(receiver.requests[-1]["body"])
    assert payload["event"] == "survey.answered"
    assert payload["pqr"]["radicado"] == pqr.radicado
    assert payload["data"] == {"survey": survey.pk, "score": 2}


@pytest.mark.django_db
def test_general_form_answer_reaches_only_endpoints_without_teams(team_a):
    from surveys.services import survey_general_submit

    everyone = endpoint_for("http://127.0.0.1:9/all", ["survey.answered"])
    endpoint_for("http://127.0.0.1:9/a", ["survey.answered"]).teams.set([team_a])
    survey_general_submit(score=4, comment="Buena atención en la sede")
    row = WebhookDelivery.objects.get()
    assert row.endpoint == everyone
    assert "pqr" not in row.payload
    assert row.payload["data"]["score"] == 4
