"""Webhooks: the outbox rows written with the event, signing, and sending.

Signature (docs/api.md): header `X-PQRDesk-Signature: t=<unix seconds>,v1=<hex>` where
hex = HMAC-SHA256(secret, f"{t}.{raw body}"). Receivers check it and the timestamp's
age, then drop repeats by `X-PQRDesk-Delivery` (delivery is at least once).
"""

import hashlib
import hmac
import json
import logging
import secrets
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.domain_events import DomainEvent
from core.jobs import enqueue_on_commit, publish
from pqr.catalogue_version import catalogue_token_current, catalogue_version_bump
from pqr.models import Pqr

from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)
TASK = "api.tasks.webhook_deliver"


def secret_generate() -> str:
    return secrets.token_hex(32)


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def signature_verify(secret: str, header: str, body: bytes, *, tolerance: int = 300) -> bool:
    """What a receiver runs (the example in docs/api.md)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = signature_header(secret, body, timestamp).split("v1=")[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def _payload(event: DomainEvent, pqr: Pqr | None, delivery_id: uuid.UUID) -> dict:
    body = {"id": str(delivery_id), "event": event.name, "occurred_at": timezone.now()}
    if pqr is not None:
        body["pqr"] = {
            "radicado": pqr.radicado,
            "status": pqr.status,
            "type": pqr.pqr_type.code,
            "team": pqr.team.name,
            "due_at": pqr.due_at,
            "resolved_at": pqr.resolved_at,
        }
    body["data"] = event.data
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))


# The active endpoints with their teams, per process, under the catalogue token they
# were read with: a filing, which reads the token with its radicado, writes its outbox
# rows without reading the endpoints (issue 18). Every edit of an endpoint or of its
# teams replaces the token (ApiConfig.ready), as a catalogue edit does.
_kept_endpoints: tuple | None = None


def _endpoints_for(names: set[str]) -> list[WebhookEndpoint]:
    global _kept_endpoints
    token = catalogue_token_current()
    if token is None:
        return list(
            WebhookEndpoint.objects.filter(
                is_active=True, events__overlap=list(names)
            ).prefetch_related("teams")
        )
    kept = _kept_endpoints
    if kept is None or kept[0] != token:
        active = WebhookEndpoint.objects.filter(is_active=True).prefetch_related("teams")
        kept = _kept_endpoints = (token, list(active))
    return [endpoint for endpoint in kept[1] if names.intersection(endpoint.events)]


def webhooks_endpoints_forget() -> None:
    global _kept_endpoints
    _kept_endpoints = None


def webhook_endpoints_changed(sender, action: str = "", **kwargs) -> None:
    """post_save / post_delete / m2m_changed receiver (ApiConfig.ready)."""
    if kwargs.get("raw") or (action and action not in ("post_add", "post_remove", "post_clear")):
        return
    catalogue_version_bump()


def webhooks_outbox_write(events: list[DomainEvent]) -> None:
    """Listener (core.domain_events): one outbox row per event and subscribed endpoint,
    in the caller's transaction; the send is queued after commit."""
    names = {e.name for e in events}
    endpoints = _endpoints_for(names)
    if not endpoints:
        return
    pqrs = Pqr.objects.select_related("pqr_type", "team").in_bulk(
        [e.pqr_id for e in events if e.pqr_id]
    )
    rows = []
    for event in events:
        pqr = pqrs.get(event.pqr_id)
        for endpoint in endpoints:
            teams = {t.pk for t in endpoint.teams.all()}
            if event.name not in endpoint.events or (
                teams and (pqr is None or pqr.team_id not in teams)
            ):
                continue
            delivery_id = uuid.uuid4()
            rows.append(
                WebhookDelivery(
                    endpoint=endpoint,
                    event=event.name,
                    delivery_id=delivery_id,
                    dedupe_key=event.key[:120],
                    payload=_payload(event, pqr, delivery_id),
                )
            )
    if not rows:
        return
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    # Only the rows that were inserted (a repeated announcement inserts none).
    for pk in WebhookDelivery.objects.filter(
        delivery_id__in=[r.delivery_id for r in rows]
    ).values_list("pk", flat=True):
        enqueue_on_commit(TASK, pk)


def backoff(attempts: int) -> timedelta:
    base = settings.API_WEBHOOK_BACKOFF_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> int:
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    request = urllib.request.Request(  # noqa: S310  (the URL is validated at registration)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "PQRDesk-Webhooks/1",
            "X-PQRDesk-Event": delivery.event,
            "X-PQRDesk-Delivery": str(delivery.delivery_id),
            "X-PQRDesk-Signature": signature_header(endpoint.secret, body, int(time.time())),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.API_WEBHOOK_TIMEOUT) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def webhook_delivery_send(*, delivery_pk: int, now=None) -> bool:
    """Send one row under its lock and stamp it in the same transaction; a failure
    records the attempt and schedules the next (backoff), then gives up after the
    window and shows it as abandoned in the admin. True when delivered."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("endpoint")
            .filter(pk=delivery_pk, delivered_at__isnull=True, failed_at__isnull=True)
            .first()
        )
        if delivery is None:
            return False
        now = now or timezone.now()
        delivery.attempts += 1
        delivery.last_attempt_at = now
        try:
            code = _post(delivery.endpoint, delivery)
            error = "" if 200 <= code < 300 else f"HTTP {code}"
        except Exception as exc:
            code, error = None, f"{type(exc).__name__}: {exc}"[:1000]
        delivery.last_status_code = code
        delivery.last_error = error
        fields = ["attempts", "last_attempt_at", "last_status_code", "last_error"]
        if not error:
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        elif now - delivery.created_at > settings.API_WEBHOOK_GIVE_UP_AFTER:
            delivery.failed_at = now
            delivery.next_attempt_at = None
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.save(update_fields=[*fields, "delivered_at", "failed_at", "next_attempt_at"])
    if error:
        logger.warning("webhook delivery %s failed: %s", delivery.delivery_id, error)
    return not error


def webhooks_queue_due(*, now=None) -> int:
    """Beat: queue rows whose retry is due, and rows never queued (broker down at
    commit time) once OUTBOX_REQUEUE_AFTER has passed."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(delivered_at__isnull=True, failed_at__isnull=True).filter(
        Q(next_attempt_at__lte=now)
        | Q(next_attempt_at__isnull=True, created_at__lte=now - settings.OUTBOX_REQUEUE_AFTER)
    )
    pks = list(due.order_by("id").values_list("pk", flat=True)[:1000])
    for pk in pks:
        publish(TASK, pk)
    return len(pks)


@transaction.atomic
def webhook_delivery_retry(*, delivery: WebhookDelivery) -> None:
    """The admin's retry: a fresh window, the same row and delivery id."""
    WebhookDelivery.objects.filter(pk=delivery.pk, delivered_at__isnull=True).update(
        failed_at=None, next_attempt_at=timezone.now(), created_at=timezone.now()
    )
    enqueue_on_commit(TASK, delivery.pk)
