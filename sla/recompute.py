"""Set-based recompute of open PQRs' due dates after a policy, calendar, legal-term
or PQR edit.

Per chunk of PQRs (keyset on pk): one SELECT of plain values, the dates computed in
memory from the cached calendar, and at most two UPDATE ... FROM (VALUES ...)
statements touching only the rows whose dates really changed. The number of
queries grows with the number of chunks, never with the number of PQRs in one.
"""

from __future__ import annotations

import logging
import time
from types import SimpleNamespace

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.jobs import publish
from pqr.emails import customer_email_queue
from pqr.models import OPEN_STATUSES, CustomerEmailKind, EventKind, Pqr, PqrEvent
from sla import selectors
from sla.bulk import update_from_values
from sla.deadlines import deadlines_compute
from sla.models import AlertKind
from sla.thresholds import thresholds

logger = logging.getLogger(__name__)

CHUNK = 5000
LAST_FULL_KEY = "sla:last-full-recompute"
PQR_DATES = {
    "filed_on": "date",
    "first_response_due_at": "timestamptz",
    "due_at": "timestamptz",
    "legal_due_at": "timestamptz",
}
CLOCK_DATES = {
    "policy_id": "bigint",
    "policy_due_at": "timestamptz",
    "initial_legal_due_at": "timestamptz",
    "next_threshold_at": "timestamptz",
}
_CLOCK_READ = (
    "policy_id",
    "policy_due_at",
    "initial_legal_due_at",
    "next_threshold_at",
    "suspended_at",
    "stopped_at",
    "extension_used",
    "extension_days",
    "paused_business_days",
    "paused_business_seconds",
    "silence_recognized_at",
    "recurso_decide_by",
)
_READ = (
    "pk",
    "received_at",
    "pqr_type_id",
    "priority",
    "channel",
    "team_id",
    "first_responded_at",
    "completion_due_on",
    *PQR_DATES,
    *(f"clock__{name}" for name in _CLOCK_READ),
)
# Which stored date each breach threshold belongs to.
_BREACH_DATE = {
    AlertKind.FIRST_RESPONSE_BREACH: "first_response_due_at",
    AlertKind.RESOLUTION_BREACH: "due_at",
    AlertKind.LEGAL_BREACH: "legal_due_at",
    AlertKind.SILENCE: "legal_due_at",
}


def last_full_recompute() -> float:
    """When the latest full recompute started (epoch seconds; 0 if unknown)."""
    return cache.get(LAST_FULL_KEY, 0.0)


def recompute_requested(requested_at: float) -> int:
    """A full recompute asked for at `requested_at`; skipped when a full recompute
    started after that (it already covered the change)."""
    if last_full_recompute() >= requested_at:
        return 0
    return recompute_open()


def recompute_queue(requested_at: float) -> None:
    """Queue the recompute; with the broker down, run it here instead of losing it."""
    if not publish("sla.tasks.deadlines_recompute_task", requested_at):
        logger.warning("recompute not queued; running it in process")
        recompute_requested(requested_at)


def recompute_open(*, pqr_ids=None, chunk: int = CHUNK, record: bool | None = None) -> int:
    """A full recompute (a settings edit) also writes an event on every PQR whose
    dates moved, and tells the customer when the legal date moved later; a recompute
    of a few PQRs is caused by a PQR service, which records its own events (`record`
    asks for them anyway: the PQRs a calendar shift leaves to this pass)."""
    record = pqr_ids is None if record is None else record
    started = time.time()
    rules = selectors.rules_get()
    now = timezone.now()
    qs = Pqr.objects.filter(status__in=OPEN_STATUSES)
    if pqr_ids is not None:
        qs = qs.filter(pk__in=list(pqr_ids))
    qs = qs.order_by("pk").values(*_READ)
    changed = last = 0
    while True:
        rows = list(qs.filter(pk__gt=last)[:chunk])
        if not rows:
            if pqr_ids is None:
                cache.set(LAST_FULL_KEY, started, None)
            return changed
        pqr_rows, clock_rows = [], []
        moved = []
        for row in rows:
            pqr_new, clock_new = _recompute_row(row, rules, now)
            if pqr_new:
                pqr_rows.append(pqr_new)
                moved.append((row, pqr_new))
            if clock_new:
                clock_rows.append(clock_new)
        if pqr_rows or clock_rows:
            _write(pqr_rows, clock_rows, moved if record else [])
        changed += len(pqr_rows)
        last = rows[-1]["pk"]


@transaction.atomic
def _write(pqr_rows: list[tuple], clock_rows: list[tuple], moved: list) -> None:
    update_from_values("pqr_pqr", "id", PQR_DATES, pqr_rows)
    update_from_values("sla_pqrclock", "pqr_id", CLOCK_DATES, clock_rows)
    if moved:
        moves_record(moved)


MOVE_NOTE = "Fechas recalculadas por un cambio de calendario, política o término (ver ajustes)."
LATER_TOLD = ("legal_due_at",)


def _shown(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def moves_record(moved: list) -> None:
    """One event per moved date (old → new) and, when the legal date the customer was
    given moved later, an email with the new date (outbox row, sent after commit)."""
    events, later = [], []
    for row, new in moved:
        for name, value in zip(PQR_DATES, new[1:], strict=True):
            if name == "filed_on" or row[name] == value:
                continue
            events.append(
                PqrEvent(
                    pqr_id=row["pk"],
                    kind=EventKind.FIELD,
                    field=name,
                    old_value=_shown(row[name]),
                    new_value=_shown(value),
                    note=MOVE_NOTE,
                )
            )
            if name in LATER_TOLD and row[name] and value and value > row[name]:
                later.append(row["pk"])
    PqrEvent.objects.bulk_create(events, batch_size=1000)
    # Only PQRs with an address can be emailed (pqr.emails.email_recipient).
    for pqr in Pqr.objects.filter(pk__in=later).exclude(contact_email=""):
        customer_email_queue(kind=CustomerEmailKind.DUE_DATE_MOVED, pqr=pqr)


def _recompute_row(row: dict, rules: selectors.Rules, now) -> tuple[tuple | None, tuple | None]:
    """New (pk, *values) tuples for the PQR and its clock, or None when unchanged."""
    pqr = SimpleNamespace(**{k: v for k, v in row.items() if not k.startswith("clock__")})
    clock = SimpleNamespace(**{name: row[f"clock__{name}"] for name in _CLOCK_READ})
    d = deadlines_compute(
        pqr=pqr,
        cal=rules.cal,
        policy=rules.policy_for(pqr),
        term=rules.term_for(pqr.pqr_type_id),
        paused_days=clock.paused_business_days or 0,
        paused_seconds=clock.paused_business_seconds or 0,
        extended=bool(clock.extension_used),
        extension_days=clock.extension_days,
    )
    new = (d.filed_on, d.first_response_due_at, d.due_at, d.legal_due_at)
    before = SimpleNamespace(**{name: row[name] for name in PQR_DATES})
    pqr_new = None if new == tuple(vars(before).values()) else (row["pk"], *new)
    if clock.extension_used is None:  # no clock row (created before the SLA engine)
        return pqr_new, None
    for name, value in zip(PQR_DATES, new, strict=True):
        setattr(pqr, name, value)
    marks = thresholds(
        pqr=pqr,
        clock=clock,
        cal=rules.cal,
        share=rules.share,
        silence=rules.silence_for(pqr.pqr_type_id),
    )
    clock_new = (
        row["pk"],
        d.policy.pk if d.policy else None,
        d.policy_due_at,
        clock.initial_legal_due_at if clock.extension_used else d.legal_due_at,
        _next_after_move(marks, before, clock.next_threshold_at, now),
    )
    clock_old = tuple(getattr(clock, name) for name in CLOCK_DATES)
    return pqr_new, None if clock_new[1:] == clock_old else clock_new


def _next_after_move(marks, before, stored, now):
    """The next future threshold; a stored one already due stays due (the sweep
    has not seen it yet), and a breach the move itself caused (its old date was
    still ahead) is due now. Warnings already passed for a moved date are not
    sent again: the PQR was warned for the old one."""
    due = [stored] if stored is not None and stored <= now else []
    for kind, _label, at in marks:
        if at > now:
            due.append(at)
        elif kind in _BREACH_DATE:
            old = getattr(before, _BREACH_DATE[kind])
            if old is None or old > now:
                due.append(now)
    return min(due) if due else None
