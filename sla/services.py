"""SLA engine writes. The PQR services call `pqr_deadlines_assign`,
`pqr_clock_status_changed` and `alert_raise` inside their own transactions."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as day_time

from django.db import transaction
from django.utils import timezone

from sla import outcomes, selectors
from sla.calendar import BusinessCalendar
from sla.models import Alert, AlertKind, LegalTerm, PqrClock, SlaPolicy, TargetUnit
from sla.thresholds import label, next_threshold_at

logger = logging.getLogger(__name__)

PAUSE_STATUS = "en_espera_cliente"
TRANSFER_STATUS = "trasladado"
CLOSED = {"trasladado", "resuelto", "cerrado", "desistido", "rechazado"}
TRANSFER_DAYS = 5
DEFAULT_LEGAL_DAYS = 15
END_OF_DAY = day_time(23, 59, 59)


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
) -> Deadlines:
    """Pure computation (no queries) of a PQR's dates from its receipt. Pauses
    already over (suspension, closed spells) push every target by the business
    time they lasted; a granted prórroga adds the term's maximum extension."""
    paused = (paused_days, paused_seconds)
    filed_on = cal.filing_date(pqr.received_at)
    days = term.days if term else DEFAULT_LEGAL_DAYS
    if extended and term is not None:
        days += term.max_extension_days()
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


def pqr_deadlines_assign(*, pqr) -> None:
    """Set filed_on and the three due dates of a new PQR (before its first save;
    the clock row is created by the post_save receiver in sla.signals). Existing
    PQRs are recomputed with `deadlines_recompute(pqr_ids=[...])`."""
    rules = selectors.rules_get()
    d = deadlines_compute(
        pqr=pqr, cal=rules.cal, policy=rules.policy_for(pqr), term=rules.term_for(pqr.pqr_type_id)
    )
    pqr.filed_on = d.filed_on
    pqr.first_response_due_at = d.first_response_due_at
    pqr.due_at = d.due_at
    pqr.legal_due_at = d.legal_due_at
    pqr._sla_clock_values = {
        "policy": d.policy,
        "policy_due_at": d.policy_due_at,
        "initial_legal_due_at": d.legal_due_at,
    }
    pqr._sla_rules = rules


def _next_at(pqr, clock: PqrClock, rules: selectors.Rules):
    return next_threshold_at(
        pqr=pqr,
        clock=clock,
        cal=rules.cal,
        share=rules.share,
        silence=rules.silence_for(pqr.pqr_type_id),
    )


def clock_create_for(pqr) -> PqrClock:
    rules = getattr(pqr, "_sla_rules", None) or selectors.rules_get()
    clock = PqrClock(pqr=pqr, **getattr(pqr, "_sla_clock_values", {}))
    clock.next_threshold_at = _next_at(pqr, clock, rules)
    clock.save(force_insert=True)
    return clock


def _clock(pqr) -> PqrClock:
    clock = PqrClock.objects.select_for_update().filter(pqr=pqr).first()
    return clock or clock_create_for(pqr)


# --- clock ------------------------------------------------------------------------


def _shift(cal: BusinessCalendar, due: datetime | None, since: datetime, now: datetime):
    """Move a due instant by the business time that ran between since and now:
    day terms restart the day after `now` with the days left at `since`."""
    if due is None:
        return None
    if timezone.localtime(due).time() == END_OF_DAY:
        since_day = timezone.localtime(since).date()
        left = cal.business_days_between(since_day, timezone.localtime(due).date())
        return cal.due_for_days(timezone.localtime(now).date(), max(left, 0))
    left = cal.business_seconds_between(since, due)
    if left <= 0:
        return due
    return cal.add_business_hours(now, left / 3600)


def pqr_clock_status_changed(*, pqr, old_status: str, new_status: str, actor=None) -> None:
    """Stop, suspend or resume the clock on a status change, then store the
    outcome figures (see sla.outcomes)."""
    rules = selectors.rules_get()
    cal = rules.cal
    clock = _clock(pqr)
    now = timezone.now()
    if new_status == PAUSE_STATUS and not clock.suspended_at:
        clock.suspended_at = now
    elif old_status == PAUSE_STATUS and clock.suspended_at:
        _resume(pqr, clock, cal, clock.suspended_at, now)
        clock.suspended_at = None
    if new_status in CLOSED and not clock.stopped_at:
        clock.stopped_at = now
        if new_status == TRANSFER_STATUS:
            _transfer_term(pqr, clock, cal, now)
    elif new_status not in CLOSED and clock.stopped_at:
        _resume(pqr, clock, cal, clock.stopped_at, now)
        clock.stopped_at = None
    clock.next_threshold_at = _next_at(pqr, clock, rules)
    clock.save()
    outcomes.pqr_outcome_on_status(pqr=pqr, new_status=new_status, clock=clock, cal=cal)


def _transfer_term(pqr, clock: PqrClock, cal: BusinessCalendar, now: datetime) -> None:
    """Traslado (Ley 1755 art. 21): its own 5 business days from the filing date."""
    filed_on = pqr.filed_on or cal.filing_date(pqr.received_at)
    clock.transfer_due_at = cal.due_for_days(filed_on, TRANSFER_DAYS)
    if now > clock.transfer_due_at:
        alert_raise(pqr=pqr, kind=AlertKind.TRANSFER_BREACH, threshold=label(clock.transfer_due_at))


def _resume(pqr, clock, cal, since, now) -> None:
    """End a pause (suspension or closed spell): shift the due dates and add the
    business time it lasted to the clock, so outcome figures can leave it out."""
    since_day, now_day = timezone.localtime(since).date(), timezone.localtime(now).date()
    clock.paused_business_days += max(cal.business_days_between(since_day, now_day), 0)
    clock.paused_business_seconds += max(int(cal.business_seconds_between(since, now)), 0)
    fields = []
    for name in ("first_response_due_at", "due_at", "legal_due_at"):
        old = getattr(pqr, name)
        new = _shift(cal, old, since, now)
        if new != old:
            setattr(pqr, name, new)
            fields.append(name)
    for name in ("policy_due_at", "initial_legal_due_at", "extension_due_at"):
        setattr(clock, name, _shift(cal, getattr(clock, name), since, now))
    if fields:
        pqr.save(update_fields=fields)


# --- alerts -----------------------------------------------------------------------


def alert_raise(*, pqr, kind: str, threshold: str = "", detail: str = "") -> None:
    """Create the alert once (unique pqr+kind+threshold) and queue sending on commit."""
    from sla.tasks import alert_send

    alert, created = Alert.objects.get_or_create(
        pqr=pqr, kind=kind, threshold=threshold, defaults={"detail": detail[:255]}
    )
    if created:
        transaction.on_commit(lambda: _enqueue(alert_send, alert.pk))


def _enqueue(task, alert_id: int) -> None:
    try:
        task.delay(alert_id)
    except Exception:
        # The row is the source of truth: the next sweep queues unsent alerts again.
        logger.warning("alert %s not queued; sweep will retry", alert_id)


# --- extension ----------------------------------------------------------------------


@transaction.atomic
def pqr_extension_grant(*, pqr, actor, reason: str) -> datetime:
    """Prórroga: once, before the due date, with a reason, capped at the legal
    maximum; the customer is emailed after commit."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indique el motivo de la prórroga."))
    clock = _clock(pqr)
    now = timezone.now()
    if not pqr.is_open:
        raise ValidationError(_("Solo se concede prórroga a una PQR abierta."))
    if clock.extension_used:
        raise ValidationError(_("Esta PQR ya tuvo su única prórroga."))
    if pqr.legal_due_at is None or now > pqr.legal_due_at:
        raise ValidationError(_("La prórroga solo se concede antes del vencimiento."))
    rules = selectors.rules_get()
    term = rules.term_for(pqr.pqr_type_id)
    extra = term.max_extension_days() if term else 0
    if extra <= 0:
        raise ValidationError(_("Este tipo de PQR no admite prórroga."))
    new_due = rules.cal.due_for_days(timezone.localtime(pqr.legal_due_at).date(), extra)
    clock.extension_used = True
    clock.extension_reason = reason
    clock.extension_due_at = new_due
    clock.extended_at = now
    pqr.legal_due_at = new_due
    pqr.due_at = new_due
    pqr.save(update_fields=["legal_due_at", "due_at"])
    clock.next_threshold_at = _next_at(pqr, clock, rules)
    clock.save()
    from pqr.services import pqr_event_record

    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind="field",
        field="legal_due_at",
        new_value=str(new_due),
        note=reason,
    )
    _email_extension(pqr)
    return new_due


def _email_extension(pqr) -> None:
    """Tell the customer through the PQR outbox (row now, email after commit)."""
    from pqr.emails import customer_email_queue

    customer_email_queue(kind="extension", pqr=pqr)


# --- calendar edits, recompute ----------------------------------------------------


def calendar_changed() -> None:
    """Bump the calendar version (process caches rebuild) and recompute open PQRs."""
    from django.db.models import F

    from sla.models import Organization

    Organization.objects.filter(pk=1).update(calendar_version=F("calendar_version") + 1)
    deadlines_recompute_later()


def deadlines_recompute_later() -> None:
    """Recompute every open PQR in a Celery task after commit: at 200,000 open PQRs
    a full pass takes tens of seconds, too long for a request (bench/sla_sweep.py)."""
    from sla.tasks import recompute_queue

    requested = time.time()
    transaction.on_commit(lambda: recompute_queue(requested))


def deadlines_recompute(*, pqr_ids=None, chunk: int | None = None) -> int:
    """Recompute the dates of open PQRs (all, or `pqr_ids`) in one set-based pass;
    see sla.recompute. Returns the number of PQRs whose dates changed."""
    from sla.recompute import CHUNK, recompute_open

    return recompute_open(pqr_ids=pqr_ids, chunk=chunk or CHUNK)
