"""SLA engine writes. The PQR services call `pqr_deadlines_assign`,
`pqr_clock_status_changed` and `alert_raise` inside their own transactions.

The engine sits below the PQR workflow: it records events with `pqr.events` and
writes customer emails with `pqr.emails`, never through `pqr.services`.
"""

from __future__ import annotations

import time
from datetime import datetime
from datetime import time as day_time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import enqueue_on_commit
from pqr.events import pqr_event_record
from pqr.notify import Delivery, decision_notify, delivery_validate
from sla import outcomes, recompute, selectors
from sla.calendar import BusinessCalendar
from sla.deadlines import deadlines_compute
from sla.models import Alert, AlertKind, Organization, PqrClock
from sla.thresholds import label, next_threshold_at

PAUSE_STATUS = "en_espera_cliente"
TRANSFER_STATUS = "trasladado"
CLOSED = {"trasladado", "resuelto", "cerrado", "desistido", "rechazado"}
TRANSFER_DAYS = 5
END_OF_DAY = day_time(23, 59, 59)


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
    """Create the alert once (unique pqr+kind+threshold) and queue sending on commit.
    The row is the source of truth: if the broker is down the next sweep queues it."""
    alert, created = Alert.objects.get_or_create(
        pqr=pqr, kind=kind, threshold=threshold, defaults={"detail": detail[:255]}
    )
    if created:
        enqueue_on_commit("sla.tasks.alert_send", alert.pk)


def alert_notification_failed(notification) -> None:
    """Listener of `pqr.notification_status`: a decision did not reach the customer
    (bounce, refused address, returned letter). The agent (and the team's supervisors)
    get one alert per failed notification."""
    alert_raise(
        pqr=notification.pqr,
        kind=AlertKind.NOTIFICATION_FAILED,
        threshold=f"n{notification.pk}",
        # No address or server reply here: alerts are emailed to staff, kept short.
        detail=f"{notification.get_decision_display()} · {notification.get_channel_display()}",
    )


def alert_email_failed(*, email, notified: bool) -> None:
    """Listener of `pqr.notification_status`: an outbox email was given up (retry window
    over, or refused). When no notification record covered it (an acknowledgement) the
    supervisors get an alert of their own; the failed-emails page lists it either way."""
    if notified:
        return
    alert_raise(
        pqr=email.pqr,
        kind=AlertKind.NOTIFICATION_FAILED,
        threshold=f"e{email.pk}",
        detail=_("%(kind)s · correo no entregado") % {"kind": email.get_kind_display()},
    )


# --- extension ----------------------------------------------------------------------


@transaction.atomic
def pqr_extension_grant(*, pqr, actor, reason: str, delivery: Delivery | None = None) -> datetime:
    """Prórroga: once, before the due date, with a reason, capped at the legal
    maximum; the customer is notified (by email after commit, or by the channel in
    `delivery`), with its notification record."""
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
    delivery = delivery_validate(pqr=pqr, decision="extension", delivery=delivery)
    clock.extension_used = True
    clock.extension_reason = reason
    clock.extension_due_at = new_due
    clock.extended_at = now
    pqr.legal_due_at = new_due
    pqr.due_at = new_due
    pqr.save(update_fields=["legal_due_at", "due_at"])
    clock.next_threshold_at = _next_at(pqr, clock, rules)
    clock.save()
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind="field",
        field="legal_due_at",
        new_value=str(new_due),
        note=reason,
    )
    # The customer is told, and the proof kept (by email: outbox row now, sent after commit).
    decision_notify(pqr=pqr, decision="extension", actor=actor, delivery=delivery)
    return new_due


# --- calendar edits, recompute ----------------------------------------------------


def calendar_changed() -> None:
    """Bump the calendar version (process caches rebuild) and recompute open PQRs."""
    Organization.objects.filter(pk=1).update(calendar_version=F("calendar_version") + 1)
    deadlines_recompute_later()


def deadlines_recompute_later() -> None:
    """Recompute every open PQR in a Celery task after commit: at 200,000 open PQRs
    a full pass takes tens of seconds, too long for a request (bench/sla_sweep.py).
    With the broker down it runs here instead of being lost."""
    requested = time.time()
    transaction.on_commit(lambda: recompute.recompute_queue(requested))


def deadlines_recompute(*, pqr_ids=None, chunk: int | None = None) -> int:
    """Recompute the dates of open PQRs (all, or `pqr_ids`) in one set-based pass;
    see sla.recompute. Returns the number of PQRs whose dates changed."""
    return recompute.recompute_open(pqr_ids=pqr_ids, chunk=chunk or recompute.CHUNK)
