"""SLA engine writes. The PQR services call the first three functions inside
their own transactions (contract in /work/contracts.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.db import transaction
from django.utils import timezone

from sla import outcomes, selectors
from sla.calendar import BusinessCalendar
from sla.models import (
    Alert,
    AlertKind,
    LegalTerm,
    PqrClock,
    SilenceEffect,
    SlaPolicy,
    TargetUnit,
)

PAUSE_STATUS = "en_espera_cliente"
TRANSFER_STATUS = "trasladado"
CLOSED = {"trasladado", "resuelto", "cerrado", "desistido", "rechazado"}
TRANSFER_DAYS = 5
DEFAULT_LEGAL_DAYS = 15
END_OF_DAY = time(23, 59, 59)


@dataclass
class Deadlines:
    filed_on: object
    first_response_due_at: datetime | None
    due_at: datetime
    legal_due_at: datetime
    policy: SlaPolicy | None
    policy_due_at: datetime | None


def _target(cal: BusinessCalendar, start: datetime, filed_on, value: int, unit: str) -> datetime:
    if unit == TargetUnit.HOURS:
        opens = datetime.combine(filed_on, cal.config.office_start, tzinfo=cal.config.tz)
        return cal.add_business_hours(max(start, opens), value)
    return cal.due_for_days(filed_on, value)


def deadlines_compute(
    *, pqr, cal: BusinessCalendar, policy: SlaPolicy | None, term: LegalTerm | None
) -> Deadlines:
    """Pure computation (no queries) of a PQR's dates from its receipt."""
    filed_on = cal.filing_date(pqr.received_at)
    legal = cal.due_for_days(filed_on, term.days if term else DEFAULT_LEGAL_DAYS)
    first = policy_due = None
    if policy is not None:
        first = _target(
            cal, pqr.received_at, filed_on, policy.first_response_value, policy.first_response_unit
        )
        policy_due = _target(
            cal, pqr.received_at, filed_on, policy.resolution_value, policy.resolution_unit
        )
    due = min(legal, policy_due) if policy_due else legal
    if first is not None:
        first = min(first, due)
    return Deadlines(filed_on, first, due, legal, policy, policy_due)


def _apply(pqr, d: Deadlines) -> None:
    pqr.filed_on = d.filed_on
    pqr.first_response_due_at = d.first_response_due_at
    pqr.due_at = d.due_at
    pqr.legal_due_at = d.legal_due_at


def pqr_deadlines_assign(*, pqr) -> None:
    """Set filed_on and the three due dates (called before the PQR is saved)."""
    cal = selectors.calendar_get()
    term = LegalTerm.objects.filter(pqr_type_id=pqr.pqr_type_id).first()
    d = deadlines_compute(pqr=pqr, cal=cal, policy=selectors.policy_for(pqr), term=term)
    _apply(pqr, d)
    values = {
        "policy": d.policy,
        "policy_due_at": d.policy_due_at,
        "initial_legal_due_at": d.legal_due_at,
    }
    if pqr.pk is None:
        # The clock row is created by the post_save receiver in sla.signals.
        pqr._sla_clock_values = values
        return
    clock, _ = PqrClock.objects.get_or_create(pqr=pqr, defaults=values)
    for k, v in values.items():
        setattr(clock, k, v)
    clock.extension_used = False
    clock.extension_due_at = None
    clock.next_threshold_at = next_threshold_at(pqr=pqr, clock=clock, cal=cal)
    clock.save()


def clock_create_for(pqr) -> PqrClock:
    values = getattr(pqr, "_sla_clock_values", {})
    clock = PqrClock(pqr=pqr, **values)
    clock.next_threshold_at = next_threshold_at(pqr=pqr, clock=clock, cal=selectors.calendar_get())
    clock.save(force_insert=True)
    return clock


def _clock(pqr) -> PqrClock:
    clock = PqrClock.objects.select_for_update().filter(pqr=pqr).first()
    return clock or clock_create_for(pqr)


# --- thresholds ----------------------------------------------------------------


def _label(at: datetime) -> str:
    return timezone.localtime(at).strftime("%Y%m%dT%H%M")


def thresholds(*, pqr, clock: PqrClock, cal: BusinessCalendar, share: int = 75, term=None):
    """Every (kind, threshold label, instant) this PQR will cross while open."""
    out = []
    if clock.suspended_at or clock.stopped_at or pqr.due_at is None:
        return out
    start = pqr.received_at
    total = cal.business_seconds_between(start, pqr.due_at)
    if total > 0:
        warn = cal.add_business_hours(start, total * share / 100 / 3600)
        out.append((AlertKind.WARNING, _label(pqr.due_at), warn))
    due_day = timezone.localtime(pqr.due_at).date()
    opens = datetime.combine(due_day, cal.config.office_start, tzinfo=cal.config.tz)
    out.append((AlertKind.DUE_TODAY, _label(pqr.due_at), min(opens, pqr.due_at)))
    if pqr.first_response_due_at and not pqr.first_responded_at:
        fr = pqr.first_response_due_at
        out.append((AlertKind.FIRST_RESPONSE_BREACH, _label(fr), fr))
    out.append((AlertKind.RESOLUTION_BREACH, _label(pqr.due_at), pqr.due_at))
    if pqr.legal_due_at:
        out.append((AlertKind.LEGAL_BREACH, _label(pqr.legal_due_at), pqr.legal_due_at))
        silence = getattr(term, "silence_effect", SilenceEffect.NONE)
        if silence != SilenceEffect.NONE:
            out.append((AlertKind.SILENCE, _label(pqr.legal_due_at), pqr.legal_due_at))
    return out


def next_threshold_at(*, pqr, clock: PqrClock, cal: BusinessCalendar, **kw):
    """Earliest threshold, past ones included: the sweep then raises what is due
    (ON CONFLICT makes repeats harmless) and advances to the next future one."""
    marks = [at for _, _, at in thresholds(pqr=pqr, clock=clock, cal=cal, **kw)]
    return min(marks) if marks else None


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
    cal = selectors.calendar_get()
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
            clock.transfer_due_at = cal.due_for_days(pqr.filed_on or now.date(), TRANSFER_DAYS)
            if now > clock.transfer_due_at:
                alert_raise(pqr=pqr, kind=AlertKind.TRANSFER_BREACH, threshold=_label(now))
    elif new_status not in CLOSED and clock.stopped_at:
        _resume(pqr, clock, cal, clock.stopped_at, now)
        clock.stopped_at = None
    term = LegalTerm.objects.filter(pqr_type_id=pqr.pqr_type_id).first()
    clock.next_threshold_at = next_threshold_at(pqr=pqr, clock=clock, cal=cal, term=term)
    clock.save()
    outcomes.pqr_outcome_on_status(pqr=pqr, new_status=new_status, clock=clock, cal=cal)


def _resume(pqr, clock, cal, since, now) -> None:
    """End a pause (suspension or closed spell): shift the due dates and add the
    business time it lasted to the clock, so outcome figures can leave it out."""
    clock.paused_business_days += max(
        cal.business_days_between(
            timezone.localtime(since).date(), timezone.localtime(now).date()
        ),
        0,
    )
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
        import logging

        logging.getLogger(__name__).warning("alert %s not queued; sweep will retry", alert_id)


# --- extension, calendar edits, recompute --------------------------------------


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
    if clock.extension_used:
        raise ValidationError(_("Esta PQR ya tuvo su única prórroga."))
    if pqr.legal_due_at is None or now > pqr.legal_due_at:
        raise ValidationError(_("La prórroga solo se concede antes del vencimiento."))
    term = LegalTerm.objects.filter(pqr_type_id=pqr.pqr_type_id).first()
    extra = term.max_extension_days() if term else 0
    if extra <= 0:
        raise ValidationError(_("Este tipo de PQR no admite prórroga."))
    cal = selectors.calendar_get()
    new_due = cal.due_for_days(timezone.localtime(pqr.legal_due_at).date(), extra)
    clock.extension_used = True
    clock.extension_reason = reason
    clock.extension_due_at = new_due
    clock.extended_at = now
    pqr.legal_due_at = new_due
    pqr.due_at = new_due
    pqr.save(update_fields=["legal_due_at", "due_at"])
    clock.next_threshold_at = next_threshold_at(pqr=pqr, clock=clock, cal=cal, term=term)
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


def calendar_changed() -> None:
    """Bump the calendar version (process caches rebuild) and recompute open PQRs."""
    from django.db.models import F

    from sla.models import Organization

    Organization.objects.filter(pk=1).update(calendar_version=F("calendar_version") + 1)
    transaction.on_commit(lambda: deadlines_recompute())


def deadlines_recompute(*, pqr_ids=None, chunk: int = 2000) -> int:
    """Set-based recompute of open, unextended, running PQRs' dates: one read per
    chunk, computation in memory, one bulk UPDATE per chunk."""
    from pqr.models import OPEN_STATUSES, Pqr

    cal = selectors.calendar_get()
    policies = selectors.policies_active()
    terms = selectors.legal_terms_by_type()
    qs = (
        Pqr.objects.filter(status__in=OPEN_STATUSES)
        .exclude(clock__extension_used=True)
        .exclude(clock__suspended_at__isnull=False)
    )
    if pqr_ids is not None:
        qs = qs.filter(pk__in=pqr_ids)
    qs = (
        qs.select_related("clock")
        .only(
            "pk",
            "received_at",
            "pqr_type_id",
            "priority",
            "channel",
            "team_id",
            "first_responded_at",
            "filed_on",
            "first_response_due_at",
            "due_at",
            "legal_due_at",
            "clock__pqr_id",
        )
        .order_by("pk")
    )
    done = 0
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last)[:chunk])
        if not batch:
            return done
        clocks = []
        for pqr in batch:
            term = terms.get(pqr.pqr_type_id)
            d = deadlines_compute(
                pqr=pqr, cal=cal, policy=selectors.policy_for(pqr, policies), term=term
            )
            _apply(pqr, d)
            clock = getattr(pqr, "clock", None)
            if clock is not None:
                clock.policy_id = d.policy.pk if d.policy else None
                clock.policy_due_at = d.policy_due_at
                clock.initial_legal_due_at = d.legal_due_at
                clock.next_threshold_at = next_threshold_at(
                    pqr=pqr, clock=clock, cal=cal, term=term
                )
                clocks.append(clock)
        Pqr.objects.bulk_update(
            batch, ["filed_on", "first_response_due_at", "due_at", "legal_due_at"], batch_size=chunk
        )
        PqrClock.objects.bulk_update(
            clocks,
            ["policy", "policy_due_at", "initial_legal_due_at", "next_threshold_at"],
            batch_size=chunk,
        )
        done += len(batch)
        last = batch[-1].pk
