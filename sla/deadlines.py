"""Pure computation of a PQR's due dates from its receipt (no queries): the filing
date, the first-response and resolution targets of its SLA policy, the legal term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sla.calendar import BusinessCalendar
from sla.models import LegalTerm, SlaPolicy, TargetUnit

DEFAULT_LEGAL_DAYS = 15


@dataclass
class Deadlines:
    filed_on: date
    first_response_due_at: datetime | None
    due_at: datetime
    legal_due_at: datetime
    policy: SlaPolicy | None
    policy_due_at: datetime | None


def _target(
    cal: BusinessCalendar, start: datetime, filed_on, value: int, unit: str, paused: tuple
) -> datetime:
    paused_days, paused_seconds = paused
    if unit == TargetUnit.HOURS:
        opens = datetime.combine(filed_on, cal.config.office_start, tzinfo=cal.config.tz)
        return cal.add_business_hours(max(start, opens), value + paused_seconds / 3600)
    return cal.due_for_days(filed_on, value + paused_days)


def deadlines_compute(
    *,
    pqr,
    cal: BusinessCalendar,
    policy: SlaPolicy | None,
    term: LegalTerm | None,
    paused_days: int = 0,
    paused_seconds: int = 0,
    extended: bool = False,
    extension_days: int | None = None,
) -> Deadlines:
    """Pure computation (no queries) of a PQR's dates from its receipt. Pauses
    already over (suspension, closed spells) push every target by the business
    time they lasted; a granted prórroga adds the days
    it was granted for (at most the term's maximum)."""
    paused = (paused_days, paused_seconds)
    filed_on = cal.filing_date(pqr.received_at)
    days = term.days if term else DEFAULT_LEGAL_DAYS
    if extended and term is not None:
        most = term.max_extension_days()
        days += most if extension_days is None else min(extension_days, most)
    legal = cal.due_for_days(filed_on, days + paused_days)
    first = policy_due = None
    if policy is not None:
        start = pqr.received_at
        first = _target(
            cal, start, filed_on, policy.first_response_value, policy.first_response_unit, paused
        )
        policy_due = _target(
            cal, start, filed_on, policy.resolution_value, policy.resolution_unit, paused
        )
    # After a prórroga the extended legal date is the one promised to the customer.
    due = legal if extended or not policy_due else min(legal, policy_due)
    if first is not None:
        first = min(first, due)
    return Deadlines(filed_on, first, due, legal, policy, policy_due)
