"""The beat task through a real Celery worker on the real Redis: last week's report
reaches the SMTP server once, however many times beat runs."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from dashboards.models import ReportDelivery, ReportSubscription
from dashboards.subscriptions import last_send_day, period_for_send_day
from dashboards.tasks import scheduled_reports_plan
from tests.pqr.factories import make_pqr


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.worker
def test_worker_sends_last_weeks_report_once(real_worker, smtp_server, supervisor, agent, team_a):
    team_a.supervisors.add(supervisor)
    make_pqr(actor=agent, team=team_a)
    sub = ReportSubscription.objects.create(
        owner=supervisor, report="pqrs", frequency="weekly", file_format="xlsx", team=team_a
    )
    ReportSubscription.objects.filter(pk=sub.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    start, end = period_for_send_day("weekly", last_send_day("weekly", timezone.now()))
    subject = f"del {start.isoformat()} al {end.isoformat()}"

    def reports():
        return [m for m in smtp_server.messages if subject in str(m["Subject"])]

    scheduled_reports_plan.delay()
    scheduled_reports_plan.delay()
    assert _wait_for(
        lambda: ReportDelivery.objects.filter(subscription=sub, status="sent").exists()
    ), list(ReportDelivery.objects.values("status", "last_error"))
    scheduled_reports_plan.delay()
    time.sleep(2)  # a third beat run, given time to (not) send again
    assert len(reports()) == 1
    delivery = ReportDelivery.objects.get(subscription=sub)
    assert (delivery.period_start, delivery.period_end, delivery.attempts) == (start, end, 1)
    [message] = reports()
    assert [p.get_filename() for p in message.iter_attachments()] == [
        f"informe-pqrs-{start.isoformat()}-{end.isoformat()}.xlsx"
    ]
