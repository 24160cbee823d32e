"""What a due badge says about one PQR (pure: no queries). The one decision behind
every due badge (queue, PQR page, SLA panel, status page): templates render the
state, they never re-derive it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sla.calendar import BusinessCalendar


@dataclass(frozen=True)
class DueState:
    # "paused": term suspended (art. 17), never overdue; "overdue" (days: business days
    # since the due day); "today"; "days" (business days left);
    # "resolved_on_time" / "resolved_late" for closed PQRs; "" shows nothing.
    kind: str
    days: int = 0
    hours: float = 0.0
    due_at: datetime | None = None
    # While paused: the customer's deadline to send what is missing.
    customer_due_on: date | None = None
    customer_late: bool = False


def due_state(pqr, *, now: datetime, cal: BusinessCalendar) -> DueState:
    if pqr.is_open and getattr(pqr, "term_suspended", False):
        until = pqr.completion_due_on
        today = now.astimezone(cal.config.tz).date()
        return DueState(
            "paused", customer_due_on=until, customer_late=bool(until and today > until)
        )
    if pqr.is_open and pqr.due_at:
        tz = cal.config.tz
        days = cal.business_days_between(
            now.astimezone(tz).date(), pqr.due_at.astimezone(tz).date()
        )
        if pqr.due_at <= now:
            # Business days since the due day ("vencida hace N días hábiles"); 0 when
            # it fell due earlier today.
            return DueState("overdue", days=max(-days, 0), due_at=pqr.due_at)
        hours = round(cal.business_hours_between(now, pqr.due_at), 1)
        return DueState("today" if days == 0 else "days", days, hours, pqr.due_at)
    if pqr.is_open:
        return DueState("")
    if pqr.resolved_within_due is True:
        return DueState("resolved_on_time")
    if pqr.resolved_within_due is False:
        return DueState("resolved_late")
    return DueState("")
