"""Prometheus metrics (prometheus-client), served at /metrics to allowed scrapers.

Request latency is measured in this process (`request_metrics` middleware); with
several gunicorn workers set PROMETHEUS_MULTIPROC_DIR so every worker's samples are
summed (docs/operations.md). The backlog gauges are read from PostgreSQL and Redis at
scrape time with a few indexed queries, so every node reports the same figures.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time

import redis
from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from api.models import WebhookDelivery
from core.ratelimit import client_ip
from mailboxes.models import Mailbox
from pqr.models import CustomerEmail
from sla.models import Alert, PqrClock
from surveys.models import SatisfactionSurvey, SurveySource, SurveyStatus

REQUEST_LATENCY = Histogram(
    "pqrdesk_request_duration_seconds",
    "Time to answer a request, per view (URL name).",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REQUESTS = Counter(
    "pqrdesk_requests_total", "Requests answered, per view and status class.", ["view", "status"]
)


def request_metrics(get_response):
    """Per-view latency; the label is the URL name (never the path: no radicado, no token)."""

    def middleware(request):
        start = time.perf_counter()
        response = get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unresolved"
        REQUEST_LATENCY.labels(view, request.method).observe(time.perf_counter() - start)
        REQUESTS.labels(view, f"{response.status_code // 100}xx").inc()
        return response

    return middleware


def _age(oldest) -> float:
    return max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0


class BacklogCollector:
    """Outbox rows not yet delivered, alerts pending, sweep and mailbox lag, queue depth."""

    def collect(self):
        now = timezone.now()
        backlog = GaugeMetricFamily(
            "pqrdesk_outbox_backlog", "Outbox rows waiting to be delivered.", labels=["kind"]
        )
        oldest = GaugeMetricFamily(
            "pqrdesk_outbox_oldest_seconds",
            "Age of the oldest waiting outbox row.",
            labels=["kind"],
        )
        pending = {
            "customer_email": CustomerEmail.objects.filter(
                sent_at__isnull=True, failed_at__isnull=True
            ),
            "alert": Alert.objects.filter(sent_at__isnull=True),
            "webhook": WebhookDelivery.objects.filter(
                delivered_at__isnull=True, failed_at__isnull=True
            ),
            "survey": SatisfactionSurvey.objects.filter(
                source=SurveySource.PQR, status=SurveyStatus.PENDING, sent_at__isnull=True
            ),
        }
        for kind, queryset in pending.items():
            row = queryset.aggregate(n=Count("pk"), first=Min("created_at"))
            backlog.add_metric([kind], row["n"])
            oldest.add_metric([kind], _age(row["first"]))
        yield backlog
        yield oldest
        yield GaugeMetricFamily(
            "pqrdesk_alerts_pending",
            "SLA alerts written and not yet sent.",
            value=pending["alert"].count(),
        )
        # How far behind the sweep is: the oldest threshold that is due and not handled.
        overdue = PqrClock.objects.filter(next_threshold_at__lte=now).aggregate(
            first=Min("next_threshold_at")
        )["first"]
        yield GaugeMetricFamily(
            "pqrdesk_sla_sweep_lag_seconds",
            "Age of the oldest SLA threshold due and not yet handled by the sweep.",
            value=_age(overdue),
        )
        mailbox_lag = GaugeMetricFamily(
            "pqrdesk_mailbox_lag_seconds",
            "Seconds since each active mailbox was last read.",
            labels=["mailbox"],
        )
        for mailbox_id, polled, created in Mailbox.objects.filter(is_active=True).values_list(
            "id", "last_polled_at", "created_at"
        ):
            mailbox_lag.add_metric([str(mailbox_id)], _age(polled or created))
        yield mailbox_lag
        yield from _queue_depths()
        yield GaugeMetricFamily(
            "pqrdesk_mailboxes_failing",
            "Active mailboxes whose last read failed.",
            value=Mailbox.objects.filter(is_active=True)
            .filter(Q(last_error_at__isnull=False) & ~Q(last_error=""))
            .count(),
        )


def _queue_depths():
    depth = GaugeMetricFamily(
        "pqrdesk_celery_queue_depth", "Tasks waiting in each Celery queue.", labels=["queue"]
    )
    up = 1
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL, socket_connect_timeout=0.5, socket_timeout=0.5
    )
    try:
        with client.pipeline(transaction=False) as pipe:
            names = list(settings.CELERY_TASK_QUEUES)
            for name in names:
                pipe.llen(name)
            for name, length in zip(names, pipe.execute(), strict=True):
                depth.add_metric([name], length)
    except redis.RedisError:
        up = 0
    finally:
        client.close()
    yield depth
    yield GaugeMetricFamily("pqrdesk_broker_up", "1 when Redis (the broker) answered.", value=up)


_backlog_registry = CollectorRegistry(auto_describe=False)
_backlog_registry.register(BacklogCollector())


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(header.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(net, strict=False) for net in settings.METRICS_ALLOWED_IPS
    )


def _process_registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


@never_cache
@require_GET
def metrics(request):
    if not _allowed(request):
        return HttpResponseForbidden("metrics: address or token not allowed\n")
    body = generate_latest(_process_registry()) + generate_latest(_backlog_registry)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
