"""Outcome figures stored on the PQR when it is first answered and when it is
resolved, measured on the business calendar so dashboards only aggregate columns.

Both figures run from the legal filing (the later of `received_at` and the opening
of `filed_on`) and leave out the office time the clock was paused (waiting for the
customer, or closed before a reopening). Only `resuelto` counts as resolved; see
docs/decisions.md, "SLA engine".
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from sla import selectors
from sla.calendar import BusinessCalendar
from sla.models import PqrClock

RESOLVED = "resuelto"
REOPENED = "reabierto"
RESOLUTION_FIELDS = (
    "resolution_business_hours",
    "resolution_business_days",
    "resolved_within_due",
    "resolved_within_legal",
)


def measure_start(pqr, cal: BusinessCalendar) -> datetime:
    filed_on = pqr.filed_on or cal.filing_date(pqr.received_at)
    opens = datetime.combine(filed_on, cal.config.office_start, tzinfo=cal.config.tz)
    return max(pqr.received_at, opens)


def _paused_seconds(clock, cal: BusinessCalendar, at: datetime) -> int:
    """Paused office seconds up to `at`, counting a suspension still running."""
    if clock is None:
        return 0
    seconds = clock.paused_business_seconds
    if clock.suspended_at and clock.suspended_at < at:
        seconds += int(cal.business_seconds_between(clock.suspended_at, at))
    return seconds


def _hours(seconds: float) -> Decimal:
    return Decimal(max(seconds, 0) / 3600).quantize(Decimal("0.01"))


def business_hours_to(pqr, clock, cal: BusinessCalendar, at: datetime) -> Decimal:
    elapsed = cal.business_seconds_between(measure_start(pqr, cal), at)
    return _hours(elapsed - _paused_seconds(clock, cal, at))


def business_days_to(pqr, clock, cal: BusinessCalendar, at: datetime) -> int:
    """Business days after the filing day up to the day of `at` (the filing day
    never counts), minus the days the clock was paused."""
    filed_on = pqr.filed_on or cal.filing_date(pqr.received_at)
    days = cal.business_days_between(filed_on, timezone.localtime(at, cal.config.tz).date())
    paused = clock.paused_business_days if clock is not None else 0
    return max(days - paused, 0)


def pqr_first_response_record(*, pqr, cal: BusinessCalendar | None = None) -> list[str]:
    """Fill `first_response_business_hours` from `first_responded_at`; returns the
    changed field names for the caller's save."""
    if pqr.first_responded_at is None or pqr.first_response_business_hours is not None:
        return []
    cal = cal or selectors.calendar_get()
    clock = PqrClock.objects.filter(pqr_id=pqr.pk).first()
    pqr.first_response_business_hours = business_hours_to(pqr, clock, cal, pqr.first_responded_at)
    return ["first_response_business_hours"]


def resolution_figures(pqr, clock, cal: BusinessCalendar) -> dict:
    at = pqr.resolved_at
    return {
        "resolution_business_hours": business_hours_to(pqr, clock, cal, at),
        "resolution_business_days": business_days_to(pqr, clock, cal, at),
        "resolved_within_due": None if pqr.due_at is None else at <= pqr.due_at,
        "resolved_within_legal": None if pqr.legal_due_at is None else at <= pqr.legal_due_at,
    }


def pqr_outcome_on_status(*, pqr, new_status: str, clock, cal: BusinessCalendar) -> None:
    """Called by the clock after every status change: write the resolution figures
    when the PQR is resolved, clear them when it is reopened."""
    if new_status == RESOLVED and pqr.resolved_at is not None:
        values = resolution_figures(pqr, clock, cal)
    elif new_status == REOPENED:
        values = dict.fromkeys(RESOLUTION_FIELDS)
    else:
        return
    for name, value in values.items():
        setattr(pqr, name, value)
    pqr.save(update_fields=list(values))
