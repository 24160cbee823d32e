"""What a PQR will be promised before it is filed: its legal term and answer date, and
the office's own target, computed by the same rules as the real filing
(`sla.services.pqr_deadlines_assign`), so the page never promises another date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from sla import selectors
from sla.deadlines import DEFAULT_LEGAL_DAYS, deadlines_compute


@dataclass(frozen=True)
class FilingTerm:
    pqr_type_id: int
    type_name: str
    days: int
    source: str
    filed_on: date
    legal_due_on: date
    # The SLA policy's target when it is earlier than the legal date, else None.
    target_due_at: datetime | None


def filing_terms(
    *,
    received_at: datetime,
    pqr_type_id: int | None = None,
    channel: str = "",
    priority: str = "normal",
    team_id: int | None = None,
) -> list[FilingTerm]:
    """One entry per legal term (or only `pqr_type_id`'s), in the types' order.
    A few queries, whatever the number of types."""
    rules = selectors.rules_get()
    terms = sorted(rules.terms.values(), key=lambda t: (t.pqr_type.order, t.pk))
    tz = rules.cal.config.tz
    found = []
    for term in terms:
        if not term.pqr_type.is_active or pqr_type_id not in (None, term.pqr_type_id):
            continue
        probe = SimpleNamespace(
            received_at=received_at,
            pqr_type_id=term.pqr_type_id,
            channel=channel,
            priority=priority,
            team_id=team_id,
        )
        d = deadlines_compute(pqr=probe, cal=rules.cal, policy=rules.policy_for(probe), term=term)
        found.append(
            FilingTerm(
                pqr_type_id=term.pqr_type_id,
                type_name=str(term.pqr_type),
                days=term.days or DEFAULT_LEGAL_DAYS,
                source=term.source,
                filed_on=d.filed_on,
                legal_due_on=d.legal_due_at.astimezone(tz).date(),
                target_due_at=d.due_at if d.due_at < d.legal_due_at else None,
            )
        )
    return found
