"""Celery tasks that keep the dashboard rollups fresh (thin: they call dashboards.rollups)."""

from celery import shared_task

from . import deliveries, rollups


@shared_task(name="dashboards.tasks.rollups_refresh")
def rollups_refresh() -> dict:
    return rollups.rollups_refresh_due()


@shared_task(name="dashboards.tasks.daily_stats_rebuild_all")
def daily_stats_rebuild_all() -> int:
    # Rows of older days change too (a late reassignment, a reopened PQR).
    return rollups.daily_stats_rebuild_history()


@shared_task(name="dashboards.tasks.scheduled_reports_plan", ignore_result=True)
def scheduled_reports_plan() -> int:
    """Beat: write the deliveries that are due, then queue the pending ones."""
    deliveries.deliveries_plan()
    return deliveries.deliveries_queue_due()


@shared_task(name="dashboards.tasks.scheduled_report_send", ignore_result=True, acks_late=True)
def scheduled_report_send(delivery_id: int) -> bool:
    """Send one delivery; any failure is an attempt recorded on the row (its next try
    is queued by the beat task above when due)."""
    try:
        return deliveries.delivery_send(delivery_id=delivery_id)
    except Exception as exc:
        deliveries.delivery_failed(delivery_id=delivery_id, error=exc)
        return False
