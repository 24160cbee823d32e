"""Dates the dashboards compare against, worked out once per page with the calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from pqr.selectors import (  # noqa: F401  (re-exported: the rollups use them)
    AGE_LIMITS,
    age_boundaries,
    business_days_back,
    due_window,
)
from sla.calendar import BusinessCalendar


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class DueWindows:
    """Instants that split open PQRs into overdue / due today / due in the next three
    business days (from tomorrow to the end of the third business day after today)."""

    now: datetime
    tomorrow: datetime
    after_next3: datetime

    @classmethod
    def build(cls, cal: BusinessCalendar, now: datetime | None = None) -> DueWindows:
        now = now or timezone.now()
        tomorrow, after_next3 = due_window("next3", now, cal=cal)
        return cls(now=now, tomorrow=tomorrow, after_next3=after_next3)
