"""The instants at which the sweep must look at a PQR (pure: no queries).

A threshold is (alert kind, label, instant). The label is the due instant it
belongs to, so a due date that moves can alert again while the same one never
alerts twice (Alert is unique per PQR, kind and label).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sla.calendar import BOGOTA, BusinessCalendar
from sla.models import AlertKind, SilenceEffect

DEFAULT_SHARE = 75
SILENCE_RECOGNITION = timedelta(hours=72)


def label(at: datetime) -> str:
    # astimezone, not timezone.localtime: this runs for every PQR of a recompute.
    return at.astimezone(BOGOTA).strftime("%Y%m%dT%H%M")


def _warning_at(pqr, cal: BusinessCalendar, share: int) -> datetime | None:
    total = cal.business_seconds_between(pqr.received_at, pqr.due_at)
    if total <= 0:
        return None
    return cal.add_business_hours(pqr.received_at, total * share / 100 / 3600)


def thresholds(
    *,
    pqr,
    clock,
    cal: BusinessCalendar,
    share: int = DEFAULT_SHARE,
    silence: str = SilenceEffect.NONE,
) -> list[tuple[str, str, datetime]]:
    """Every threshold this PQR crosses while its clock runs (while closed only an
    undecided recurso's; while suspended also the end of the customer's month, art. 17)."""
    out = []
    decide_by = getattr(clock, "recurso_decide_by", None)
    if decide_by is not None:
        # A recurso undecided after its 15 business days (Ley 142 art. 158: silence).
        after = cal.end_of_day(decide_by) + timedelta(seconds=1)
        out.append((AlertKind.RECURSO_OVERDUE, decide_by.isoformat(), after))
        if silence == SilenceEffect.ACCEPTED:
            out.append((AlertKind.RECURSO_SILENCE, decide_by.isoformat(), after))
    if clock.stopped_at:
        return out
    if pqr.completion_due_on is not None:
        # The customer's month ran out: staff are told to propose desistimiento tácito.
        after = cal.end_of_day(pqr.completion_due_on) + timedelta(seconds=1)
        out.append((AlertKind.COMPLETION_EXPIRED, pqr.completion_due_on.isoformat(), after))
    if clock.suspended_at or pqr.due_at is None:
        return out
    due = pqr.due_at
    warn = _warning_at(pqr, cal, share)
    if warn is not None:
        out.append((AlertKind.WARNING, label(due), warn))
    tz = cal.config.tz
    opens = datetime.combine(due.astimezone(tz).date(), cal.config.office_start, tzinfo=tz)
    out.append((AlertKind.DUE_TODAY, label(due), min(opens, due)))
    if pqr.first_response_due_at and not pqr.first_responded_at:
        first = pqr.first_response_due_at
        out.append((AlertKind.FIRST_RESPONSE_BREACH, label(first), first))
    out.append((AlertKind.RESOLUTION_BREACH, label(due), due))
    legal = pqr.legal_due_at
    if legal:
        out.append((AlertKind.LEGAL_BREACH, label(legal), legal))
        if silence == SilenceEffect.ACCEPTED:
            out.append((AlertKind.SILENCE, label(legal), legal))
            if not clock.silence_recognized_at:
                # Ley 142 art. 158: the company recognises the silence within 72 hours.
                recognize_by = legal + SILENCE_RECOGNITION
                out.append((AlertKind.SILENCE_RECOGNITION, label(legal), recognize_by))
    return out


def next_threshold_at(**kw) -> datetime | None:
    """Earliest threshold, past ones included: the sweep then raises what is due
    (repeats are ignored) and moves on to the next future one."""
    marks = [at for _, _, at in thresholds(**kw)]
    return min(marks) if marks else None
