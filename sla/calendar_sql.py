"""The business calendar as two SQL array parameters, so that set-based statements
(the sweep, the recompute shift) do business-time arithmetic in PostgreSQL with the
very calendar Python uses (sla.calendar: holidays, extra days, weekdays, hours).

`le[i]` is the number of business days up to and including day `base + i - 1`;
`bd[k]` is the k-th business day from `base`. Both lookups are O(1) per row. A date
outside the years covered gives NULL, which callers treat as "no such threshold"
(the span is wide: ten years back, three ahead).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from sla.calendar import BusinessCalendar

YEARS_BACK = 10
YEARS_AHEAD = 3


@lru_cache(maxsize=8)
def _arrays(cal: BusinessCalendar, first: int, last: int) -> tuple[date, list[int], list[date]]:
    base = date(first, 1, 1)
    business = set()
    bd: list[date] = []
    for year in range(first, last + 1):
        days = cal.business_days_of(year)
        bd.extend(days)
        business.update(days)
    le, count, day = [], 0, base
    while day.year <= last:
        count += day in business
        le.append(count)
        day += timedelta(days=1)
    return base, le, bd


def calendar_params(cal: BusinessCalendar, year: int) -> dict:
    """Named parameters used by the fragments below, for dates around `year`."""
    base, le, bd = _arrays(cal, year - YEARS_BACK, year + YEARS_AHEAD)
    config = cal.config
    start = config.office_start
    end = config.office_end
    seconds = (end.hour * 3600 + end.minute * 60 + end.second) - (
        start.hour * 3600 + start.minute * 60 + start.second
    )
    return {
        "cal_base": base,
        "cal_le": le,
        "cal_bd": bd,
        "cal_tz": config.tz.key,
        "cal_open": start,
        "cal_secs": seconds,
    }


# Every statement using the fragments below selects FROM this CTE (CROSS JOIN cal):
# the arrays then appear once in the statement, not once per use (parsing and
# planning a statement with the arrays inlined twenty times took 0.2 s).
CAL_CTE = "cal AS (SELECT %(cal_le)s::int[] AS le, %(cal_bd)s::date[] AS bd)"


def local(ts: str) -> str:
    return f"({ts} AT TIME ZONE %(cal_tz)s)"


def _idx(day: str) -> str:
    return f"(({day}) - %(cal_base)s::date + 1)"


def is_business(day: str) -> str:
    """1 when `day` is a business day, 0 when not (NULL outside the span)."""
    i = _idx(day)
    return f"cal.le[{i}] - coalesce(cal.le[{i} - 1], 0)"


def business_pos(ts: str) -> str:
    """Office seconds from the start of the span to `ts`: the difference of two is
    BusinessCalendar.business_seconds_between."""
    lt = local(ts)
    day = f"{lt}::date"
    biz = is_business(day)
    within = (
        f"least(greatest(extract(epoch FROM ({lt}::time - %(cal_open)s::time)), 0), %(cal_secs)s)"
    )
    return (
        f"((cal.le[{_idx(day)}] - ({biz})) * %(cal_secs)s"
        f" + CASE WHEN ({biz}) = 1 THEN {within} ELSE 0 END)"
    )


def day_of_pos(pos: str) -> str:
    """Which business day of the span (1-based) office position `pos` falls in."""
    return f"ceil(({pos}) / %(cal_secs)s)::int"


def instant_at_pos(pos: str, k: str) -> str:
    """The instant `pos` office seconds into the span, `k` being day_of_pos(pos)
    (computed once by the caller): BusinessCalendar.add_business_hours, where an exact
    number of days ends at the close of the last one."""
    return (
        f"((cal.bd[{k}] + %(cal_open)s::time)"
        f" + (({pos}) - ({k} - 1) * %(cal_secs)s)::float8 * interval '1 second')"
        f" AT TIME ZONE %(cal_tz)s"
    )


def next_business_day(day: str) -> str:
    """The first business day strictly after `day`."""
    return f"cal.bd[cal.le[{_idx(day)}] + 1]"


def previous_business_day(day: str) -> str:
    """The last business day strictly before `day`."""
    i = _idx(day)
    return f"cal.bd[cal.le[{i}] - ({is_business(day)})]"
