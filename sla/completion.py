"""Dates of an incomplete-petition request (Ley 1755/2015 art. 17), pure: no queries.

- The request suspends the legal term only when made within the first
  `COMPLETION_WINDOW_DAYS` business days after the filing date (day 10 included).
- The customer has one calendar month from the request (same day number of the next
  month, or that month's last day when it has no such day: Código Civil art. 67 /
  Ley 4/1913 art. 59); a month ending on a non-business day moves to the next
  business day. Extendable once, at the customer's request, by up to one more month
  counted from the end of the first one.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date

from sla.calendar import BusinessCalendar

COMPLETION_WINDOW_DAYS = 10
CUSTOMER_MONTHS = 1


def add_months(day: date, months: int) -> date:
    """Same day number `months` later, clamped to the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = month_calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def business_day_on_or_after(cal: BusinessCalendar, day: date) -> date:
    return day if cal.is_business_day(day) else cal.next_business_day(day)


def month_deadline(cal: BusinessCalendar, start: date) -> date:
    """One calendar month after `start`, moved to the next business day if needed."""
    return business_day_on_or_after(cal, add_months(start, CUSTOMER_MONTHS))


@dataclass(frozen=True)
class CompletionDates:
    window_ends_on: date  # last day on which a request suspends the term
    suspends: bool
    customer_due_on: date  # the customer's deadline to answer


def completion_dates(cal: BusinessCalendar, *, filed_on: date, requested_on: date):
    window_ends_on = cal.add_business_days(filed_on, COMPLETION_WINDOW_DAYS)
    return CompletionDates(
        window_ends_on=window_ends_on,
        suspends=requested_on <= window_ends_on,
        customer_due_on=month_deadline(cal, requested_on),
    )


def customer_extension_max(cal: BusinessCalendar, customer_due_on: date) -> date:
    """Latest date the customer's one extension may reach."""
    return month_deadline(cal, customer_due_on)
