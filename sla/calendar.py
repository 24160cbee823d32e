"""Business-day calendar (pure: no database, no Django models).

A `BusinessCalendar` is built from a `CalendarConfig` (working weekdays, office
hours, cut-off, extra non-working days) plus Colombian national holidays on
their observed (moved) dates from the `holidays` package. Each year's list of
business days is computed once per calendar instance; `sla.selectors` keeps one
instance per configuration version in process memory.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

BOGOTA = ZoneInfo("America/Bogota")
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class CalendarConfig:
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday=0
    office_start: time = time(8, 0)
    office_end: time = time(17, 0)
    cutoff: time | None = None
    extra_days: frozenset[date] = field(default_factory=frozenset)
    tz: ZoneInfo = BOGOTA


class BusinessCalendar:
    def __init__(self, config: CalendarConfig | None = None) -> None:
        self.config = config or CalendarConfig()
        self._years: dict[int, list[date]] = {}
        self._holidays: dict[int, dict[date, str]] = {}
        start = datetime.combine(date(2000, 1, 1), self.config.office_start)
        end = datetime.combine(date(2000, 1, 1), self.config.office_end)
        self._day_seconds = max(int((end - start).total_seconds()), 0)

    # -- per-year tables --------------------------------------------------
    def holidays_for(self, year: int) -> dict[date, str]:
        if year not in self._holidays:
            # observed=True is the default: Monday-moved dates (Ley 51/1983).
            self._holidays[year] = dict(holidays.country_holidays("CO", years=year))
        return self._holidays[year]

    def business_days_of(self, year: int) -> list[date]:
        days = self._years.get(year)
        if days is None:
            hol = self.holidays_for(year)
            extra = self.config.extra_days
            weekdays = self.config.weekdays
            days = []
            d = date(year, 1, 1)
            while d.year == year:
                if d.weekday() in weekdays and d not in hol and d not in extra:
                    days.append(d)
                d += _ONE_DAY
            self._years[year] = days
        return days

    # -- days ---------------------------------------------------------------
    def is_business_day(self, d: date) -> bool:
        days = self.business_days_of(d.year)
        i = bisect.bisect_left(days, d)
        return i < len(days) and days[i] == d

    def next_business_day(self, d: date) -> date:
        """The first business day strictly after `d`."""
        return self.add_business_days(d, 1)

    def add_business_days(self, start: date, n: int) -> date:
        """The n-th business day after `start` (`start` itself never counts)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        if n == 0:
            return start
        year = start.year
        days = self.business_days_of(year)
        idx = bisect.bisect_right(days, start)
        while True:
            if idx + n <= len(days):
                return days[idx + n - 1]
            n -= len(days) - idx
            year += 1
            days = self.business_days_of(year)
            idx = 0

    def business_days_between(self, start: date, end: date) -> int:
        """Business days in (start, end]; negative when end < start."""
        if end < start:
            return -self.business_days_between(end, start)
        total = 0
        for year in range(start.year, end.year + 1):
            days = self.business_days_of(year)
            lo = bisect.bisect_right(days, start) if year == start.year else 0
            hi = bisect.bisect_right(days, end) if year == end.year else len(days)
            total += hi - lo
        return total

    def filing_date(self, received_at: datetime) -> date:
        """Legal filing date: next business day if received on a non-business
        day or at/after the cut-off hour."""
        local = received_at.astimezone(self.config.tz)
        d = local.date()
        cutoff = self.config.cutoff
        if not self.is_business_day(d) or (cutoff is not None and local.time() >= cutoff):
            return self.next_business_day(d)
        return d

    def end_of_day(self, d: date) -> datetime:
        """Last instant of a day in local time: a term in days runs to midnight."""
        return datetime.combine(d, time(23, 59, 59), tzinfo=self.config.tz)

    def due_for_days(self, filed_on: date, n: int) -> datetime:
        return self.end_of_day(self.add_business_days(filed_on, n))

    # -- hours --------------------------------------------------------------
    def _open_close(self, d: date) -> tuple[datetime, datetime]:
        tz = self.config.tz
        return (
            datetime.combine(d, self.config.office_start, tzinfo=tz),
            datetime.combine(d, self.config.office_end, tzinfo=tz),
        )

    def add_business_hours(self, start: datetime, hours: float) -> datetime:
        """Instant when `hours` of office time have run from `start`."""
        remaining = timedelta(hours=hours)
        current = start.astimezone(self.config.tz)
        d = current.date()
        if not self.is_business_day(d):
            d = self.next_business_day(d)
            current = self._open_close(d)[0]
        if self._day_seconds == 0:
            raise ValueError("office hours are empty")
        opens, closes = self._open_close(d)
        begin = max(current, opens)
        if begin < closes:
            available = closes - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        # Jump over whole office days at once (a term of weeks is not a loop of days);
        # an exact multiple ends at the close of its last day, not the next opening.
        day = timedelta(seconds=self._day_seconds)
        whole = (remaining - timedelta(microseconds=1)) // day
        if whole:
            d = self.add_business_days(d, whole)
            remaining -= whole * day
        return self._open_close(self.next_business_day(d))[0] + remaining

    def _seconds_in_day(self, d: date, a: datetime, b: datetime) -> float:
        opens, closes = self._open_close(d)
        lo, hi = max(a, opens), min(b, closes)
        return max((hi - lo).total_seconds(), 0.0)

    def business_seconds_between(self, a: datetime, b: datetime) -> float:
        """Office seconds elapsed from a to b (negative when b < a)."""
        if b < a:
            return -self.business_seconds_between(b, a)
        tz = self.config.tz
        a, b = a.astimezone(tz), b.astimezone(tz)
        da, db = a.date(), b.date()
        if da == db:
            return self._seconds_in_day(da, a, b) if self.is_business_day(da) else 0.0
        total = 0.0
        if self.is_business_day(da):
            total += self._seconds_in_day(da, a, b)
        if self.is_business_day(db):
            total += self._seconds_in_day(db, a, b)
        # full business days strictly between the two dates
        full = self.business_days_between(da, db - _ONE_DAY) if db - da > _ONE_DAY else 0
        return total + full * self._day_seconds

    def business_hours_between(self, a: datetime, b: datetime) -> float:
        return self.business_seconds_between(a, b) / 3600
