"""Celery tasks that keep the dashboard rollups fresh (thin: they call dashboards.rollups)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import rollups


@shared_task(name="dashboards.tasks.rollups_refresh")
def rollups_refresh() -> dict:
    return rollups.rollups_refresh_due()


@shared_task(name="dashboards.tasks.daily_stats_rebuild_all")
def daily_stats_rebuild_all() -> int:
    today = timezone.localdate()
    # Rows of older days change too (a late reassignment, a reopened PQR).
    return rollups.daily_stats_rebuild(
        start=today - timedelta(days=rollups.HISTORY_DAYS), end=today
    )
