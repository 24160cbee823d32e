"""Dates the dashboards compare against, worked out once per page with the calendar."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from pqr.selectors import due_window
from sla.calendar import BusinessCalendar

AGE_LIMITS = (5, 10, 15)


def business_days_back(cal: BusinessCalendar, today: date, n: int) -> date:
    """The business day D such that (D, today] holds exactly n business days."""
    year = today.year
    days = cal.business_days_of(year)
    idx = bisect.bisect_right(days, today)  # business days <= today: days[:idx]
    while idx <= n:
        n -= idx
        year -= 1
        days = cal.business_days_of(year)
        idx = len(days)
    return days[idx - 1 - n]


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


def age_boundaries(cal: BusinessCalendar, today: date) -> tuple[date, ...]:
    """Oldest filing date still inside each age bucket (0-5, 6-10, 11-15 business days)."""
    return tuple(business_days_back(cal, today, n) for n in AGE_LIMITS)
