"""Reads for the SLA administration pages: the year grid, a hand-checked due date
and the legal-term history. No query per day, per month or per history row."""

from __future__ import annotations

import calendar as std_calendar
import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace

import holidays
from django.utils import timezone
from django.utils.translation import get_language, ngettext

from sla.calendar import BusinessCalendar
from sla.deadlines import deadlines_compute
from sla.editing import REASON_FIELD
from sla.models import (
    ExtensionRule,
    LegalTerm,
    LegalTermChange,
    NonWorkingDay,
    SilenceEffect,
    TargetUnit,
)

HISTORY_LIMIT = 60


@dataclass
class DayCell:
    day: date
    kind: str  # business, weekend, holiday, extra
    label: str = ""
    is_today: bool = False

    @property
    def iso(self) -> str:
        return self.day.isoformat()


def grid_cache_key(*, cal: BusinessCalendar, year: int, extra: list[NonWorkingDay]) -> str:
    """Everything the year grid depends on: the rendered grid is cached under it."""
    parts = (
        year,
        get_language(),
        timezone.localdate().isoformat(),
        sorted(cal.config.weekdays),
        [(e.pk, e.day.isoformat()) for e in extra],
    )
    return hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()


@lru_cache(maxsize=32)
def _holiday_names(year: int, language: str) -> dict[date, str]:
    return dict(holidays.country_holidays("CO", years=year, language=language))


def holiday_names(*, cal: BusinessCalendar, year: int) -> dict[date, str]:
    """The calendar's holiday dates, named in the reader's language."""
    language = "es" if (get_language() or "es").startswith("es") else "en_US"
    names = _holiday_names(year, language)
    return {day: names.get(day, name) for day, name in cal.holidays_for(year).items()}


def year_grid(*, cal: BusinessCalendar, year: int, extra: list[NonWorkingDay]) -> list[dict]:
    """Twelve months of Monday-first weeks; empty cells are None."""
    named = holiday_names(cal=cal, year=year)
    extra_by_day = {e.day: e.reason for e in extra}
    weekdays = cal.config.weekdays
    today = timezone.localdate()
    months = []
    for month in range(1, 13):
        weeks = []
        for week in std_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                elif day in named:
                    cells.append(DayCell(day, "holiday", named[day]))
                elif day in extra_by_day:
                    cells.append(DayCell(day, "extra", extra_by_day[day]))
                elif day.weekday() not in weekdays:
                    cells.append(DayCell(day, "weekend"))
                else:
                    cells.append(DayCell(day, "business"))
                if day == today and cells[-1] is not None:
                    cells[-1].is_today = True
            weeks.append(cells)
        months.append({"first": date(year, month, 1), "weeks": weeks})
    return months


@dataclass
class DueDateAnswer:
    received_at: datetime
    filed_on: date
    moved: bool
    days: int
    legal_due_at: datetime
    extension_days: int
    extended_due_at: datetime | None


def due_date_check(*, cal: BusinessCalendar, term: LegalTerm, received_at: datetime):
    """The legal dates of a PQR of `term`'s type received at `received_at`."""
    probe = SimpleNamespace(received_at=received_at, pqr_type_id=term.pqr_type_id)
    found = deadlines_compute(pqr=probe, cal=cal, policy=None, term=term)
    extra = term.max_extension_days()
    extended = None
    if extra:
        extended = cal.due_for_days(found.legal_due_at.astimezone(cal.config.tz).date(), extra)
    return DueDateAnswer(
        received_at=received_at,
        filed_on=found.filed_on,
        moved=found.filed_on != received_at.astimezone(cal.config.tz).date(),
        days=term.days,
        legal_due_at=found.legal_due_at,
        extension_days=extra,
        extended_due_at=extended,
    )


def legal_terms_list() -> list[LegalTerm]:
    return list(LegalTerm.objects.select_related("pqr_type").order_by("pqr_type__order", "id"))


def legal_term_history(*, term_id: int | None = None) -> list[dict]:
    """The latest edits (one query), grouped per save, newest first."""
    rows = LegalTermChange.objects.select_related("term__pqr_type", "actor").order_by("-id")
    if term_id is not None:
        rows = rows.filter(term_id=term_id)
    edits: list[dict] = []
    for row in rows[:HISTORY_LIMIT]:
        # Rows are newest first and each save writes its reason row last.
        if row.field == REASON_FIELD or not edits:
            edits.append({"term": row.term, "actor": row.actor, "at": row.created_at})
            edits[-1].update(reason="", changes=[])
        if row.field == REASON_FIELD:
            edits[-1]["reason"] = row.new_value
        else:
            edits[-1]["changes"].append(_readable(row))
    return edits


_CHOICES = {"extension_rule": ExtensionRule, "silence_effect": SilenceEffect}


def _readable(row: LegalTermChange) -> dict:
    """Field label and choice labels instead of stored codes."""
    field = LegalTerm._meta.get_field(row.field)
    choices = _CHOICES.get(row.field)

    def show(value: str) -> str:
        if choices is not None and value in choices.values:
            return choices(value).label
        return value or "—"

    return {"label": field.verbose_name, "old": show(row.old_value), "new": show(row.new_value)}


def target_label(value: int, unit: str) -> str:
    """'4 business hours' / '1 business day' with the right plural."""
    if unit == TargetUnit.HOURS:
        text = ngettext("%(n)s hora hábil", "%(n)s horas hábiles", value)
    else:
        text = ngettext("%(n)s día hábil", "%(n)s días hábiles", value)
    return text % {"n": value}
