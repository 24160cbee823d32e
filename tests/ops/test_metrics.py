"""Prometheus metrics at /metrics: per-view latency, outbox backlog, alerts pending, sweep
and mailbox lag, Celery queue depth read from Redis; only allowed scrapers."""

from datetime import timedelta

import pytest
import redis
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from config.celery import app as celery_app
from core.jobs import publish
from sla.models import Alert, AlertKind, PqrClock
from tests.pqr.factories import make_pqr

pytestmark = pytest.mark.django_db


def _samples(response) -> dict:
    text = response.content.decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_metrics_refuse_a_scraper_outside_the_allow_list(client, settings):
    settings.METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    allowed = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert allowed.status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_metrics_count_request_latency_per_view_without_the_path(client):
    client.get("/healthz")
    client.get("/pqr/consulta/")
    samples = _samples(client.get("/metrics"))
    count = ("pqrdesk_request_duration_seconds_count", (("method", "GET"), ("view", "healthz")))
    assert samples[count] >= 1
    views = {dict(k[1]).get("view") for k in samples if k[0].startswith("pqrdesk_request")}
    assert not any(v and v.startswith("/") for v in views)  # URL names, never paths


def test_metrics_report_outbox_backlog_alerts_pending_and_sweep_lag(client, agent):
    pqr = make_pqr(actor=agent)
    Alert.objects.create(pqr=pqr, kind=AlertKind.WARNING, threshold="m1")
    Alert.objects.create(pqr=pqr, kind=AlertKind.WARNING, threshold="m2", sent_at=timezone.now())
    PqrClock.objects.filter(pqr=pqr).update(next_threshold_at=timezone.now() - timedelta(minutes=5))
    samples = _samples(client.get("/metrics"))
    assert samples[("pqrdesk_alerts_pending", ())] == 1
    assert samples[("pqrdesk_outbox_backlog", (("kind", "alert"),))] == 1
    assert 290 < samples[("pqrdesk_sla_sweep_lag_seconds", ())] < 400
    assert ("pqrdesk_outbox_backlog", (("kind", "customer_email"),)) in samples
    assert ("pqrdesk_outbox_backlog", (("kind", "webhook"),)) in samples


def test_metrics_read_celery_queue_depth_from_redis(client, settings):
    queue = f"{settings.PQRDESK_QUEUE_PREFIX}-rollups"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete(queue)
    celery_app.conf.task_always_eager = False
    try:
        assert publish("dashboards.tasks.rollups_refresh")
        assert publish("dashboards.tasks.rollups_refresh")
        samples = _samples(client.get("/metrics"))
    finally:
        celery_app.conf.task_always_eager = True
        broker.delete(queue)
    assert samples[("pqrdesk_celery_queue_depth", (("queue", queue),))] == 2
    alerts = f"{settings.PQRDESK_QUEUE_PREFIX}-alerts"
    assert samples[("pqrdesk_celery_queue_depth", (("queue", alerts),))] == 0
    assert samples[("pqrdesk_broker_up", ())] == 1


def test_metrics_scrape_runs_a_constant_number_of_queries(
    client, agent, django_assert_max_num_queries
):
    for n in range(3):
        make_pqr(actor=agent, subject=f"carga {n}")
    with django_assert_max_num_queries(12):
        assert client.get("/metrics").status_code == 200


def test_grafana_dashboard_plots_only_metrics_the_app_exports(client):
    import json
    import re
    from pathlib import Path

    dashboard = json.loads(
        (Path(__file__).resolve().parents[2] / "docs" / "grafana-dashboard.json").read_text()
    )
    client.get("/healthz")
    text = client.get("/metrics").content.decode()
    families = list(text_string_to_metric_families(text))
    exported = {f.name for f in families} | {s.name for f in families for s in f.samples}
    for panel in dashboard["panels"]:
        for target in panel["targets"]:
            for metric in re.findall(r"pqrdesk_[a-z_]+", target["expr"]):
                assert metric in exported, (panel["title"], metric)
