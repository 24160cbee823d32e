"""SLA engine writes. The PQR services call `pqr_deadlines_assign`,
`pqr_clock_status_changed` and `alert_raise` inside their own transactions.

The engine sits below the PQR workflow: it records events with `pqr.events` and
writes customer emails with `pqr.emails`, never through `pqr.services`.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from datetime import time as day_time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import enqueue_on_commit
from core.rows import row_insert
from pqr.emails import customer_email_queue
from pqr.events import pqr_event_record
from pqr.models import CustomerEmailKind, RecursoFiling
from pqr.notify import Delivery, decision_notify, delivery_validate
from sla import outcomes, recompute, selectors
from sla.calendar import BusinessCalendar
from sla.completion import CompletionDates, completion_dates, customer_extension_max
from sla.deadlines import deadlines_compute
from sla.models import Alert, AlertKind, Organization, PqrClock
from sla.thresholds import label, next_threshold_at

PAUSE_STATUS = "en_espera_cliente"
TRANSFER_STATUS = "trasladado"
CLOSED = {"trasladado", "resuelto", "cerrado", "desistido", "rechazado"}
TRANSFER_DAYS = 5
END_OF_DAY = day_time(23, 59, 59)


def pqr_deadlines_assign(*, pqr, calendar_version: int | None = None) -> None:
    """Set filed_on and the three due dates of a new PQR (before its first save;
    the clock row is created by the post_save receiver in sla.signals). Existing
    PQRs are recomputed with `deadlines_recompute(pqr_ids=[...])`. An intake that read
    the calendar version in its own statement passes it (`rules_get(version=...)`)."""
    rules = selectors.rules_get(version=calendar_version)
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
    row_insert(clock)
    return clock


def _clock(pqr) -> PqrClock:
    clock = PqrClock.objects.select_for_update().filter(pqr=pqr).first()
    return clock or clock_create_for(pqr)


# --- clock ------------------------------------------------------------------------


def _shift(cal: BusinessCalendar, due: datetime | None, since: datetime, now: datetime, now_day):
    """Move a due instant by the business time that ran between since and now:
    day terms run again the day after `now_day` with the days left at `since`
    (art. 17 "se reactivará": resumed, not restarted; docs/decisions.md)."""
    if due is None:
        return None
    if timezone.localtime(due).time() == END_OF_DAY:
        since_day = timezone.localtime(since).date()
        left = cal.business_days_between(since_day, timezone.localtime(due).date())
        return cal.due_for_days(now_day, max(left, 0))
    left = cal.business_seconds_between(since, due)
    if left <= 0:
        return due
    return cal.add_business_hours(now, left / 3600)


def pqr_clock_status_changed(
    *, pqr, old_status: str, new_status: str, actor=None, resume_on: date | None = None
) -> None:
    """Stop, suspend or resume the clock on a status change, then store the
    outcome figures (see sla.outcomes). Waiting for the customer suspends only
    when `pqr.term_suspended` (art. 17: a request within 10 business days of
    filing); `resume_on` is the day the information arrived, the term runs again
    from the next day."""
    rules = selectors.rules_get()
    cal = rules.cal
    clock = _clock(pqr)
    now = timezone.now()
    if new_status == PAUSE_STATUS and pqr.term_suspended and not clock.suspended_at:
        clock.suspended_at = now
    elif old_status == PAUSE_STATUS and clock.suspended_at:
        _resume(pqr, clock, cal, clock.suspended_at, now, resume_on=resume_on)
        clock.suspended_at = None
        if new_status not in CLOSED:
            # The term runs again: the customer is told the date it now runs to.
            customer_email_queue(kind=CustomerEmailKind.TERM_RESUMED, pqr=pqr)
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
    """Traslado (Ley 1755 art. 21): forwarded within 5 business days of the filing
    date, judged on the day it was really forwarded (`pqr.transferred_on`)."""
    filed_on = pqr.filed_on or cal.filing_date(pqr.received_at)
    clock.transfer_due_at = cal.due_for_days(filed_on, TRANSFER_DAYS)
    forwarded_on = pqr.transferred_on or timezone.localdate(now)
    if forwarded_on > timezone.localtime(clock.transfer_due_at).date():
        alert_raise(pqr=pqr, kind=AlertKind.TRANSFER_BREACH, threshold=label(clock.transfer_due_at))


def _resume(pqr, clock, cal, since, now, resume_on: date | None = None) -> None:
    """End a pause (suspension or closed spell): shift the due dates and add the
    business time it lasted to the clock, so outcome figures can leave it out.
    With `resume_on` the pause ended that day (not when it was recorded): day terms
    run again from the next day, hour targets from the next business day's opening."""
    since_day = timezone.localtime(since).date()
    if resume_on is not None:
        resume_on = max(resume_on, since_day)
        now_day = resume_on
        opens = cal.config.office_start
        now = max(
            since, datetime.combine(cal.next_business_day(resume_on), opens, tzinfo=cal.config.tz)
        )
    else:
        now_day = timezone.localtime(now).date()
    clock.paused_business_days += max(cal.business_days_between(since_day, now_day), 0)
    clock.paused_business_seconds += max(int(cal.business_seconds_between(since, now)), 0)
    fields = []
    for name in ("first_response_due_at", "due_at", "legal_due_at"):
        old = getattr(pqr, name)
        new = _shift(cal, old, since, now, now_day)
        if new != old:
            setattr(pqr, name, new)
            fields.append(name)
    for name in ("policy_due_at", "initial_legal_due_at", "extension_due_at"):
        setattr(clock, name, _shift(cal, getattr(clock, name), since, now, now_day))
    if fields:
        pqr.save(update_fields=fields)


def pqr_clock_thresholds_refresh(*, pqr) -> None:
    """A date the thresholds read changed (e.g. the customer's deadline): re-plan."""
    clock = _clock(pqr)
    clock.next_threshold_at = _next_at(pqr, clock, selectors.rules_get())
    clock.save(update_fields=["next_threshold_at"])


def pqr_clock_recursos_refresh(*, pqr) -> None:
    """A recurso was filed or decided: the clock watches the earliest undecided one."""
    clock = _clock(pqr)
    undecided = RecursoFiling.objects.filter(pqr_id=pqr.pk, decided_on=None)
    clock.recurso_decide_by = (
        undecided.order_by("decide_by").values_list("decide_by", flat=True).first()
    )
    clock.next_threshold_at = _next_at(pqr, clock, selectors.rules_get())
    clock.save(update_fields=["recurso_decide_by", "next_threshold_at"])


def completion_dates_for(*, pqr, requested_on: date, cal=None) -> CompletionDates:
    """Art. 17 dates of a completion request made on `requested_on`."""
    cal = cal or selectors.calendar_get()
    filed_on = pqr.filed_on or cal.filing_date(pqr.received_at)
    return completion_dates(cal, filed_on=filed_on, requested_on=requested_on)


def business_days_after(*, day: date, days: int) -> date:
    return selectors.calendar_get().add_business_days(day, days)


def completion_extension_latest(*, customer_due_on: date) -> date:
    return customer_extension_max(selectors.calendar_get(), customer_due_on)


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


def _as_of_today(due, clock: PqrClock | None, cal: BusinessCalendar, now: datetime):
    """A stored due instant as it stands today: while suspended, shifted by the
    suspension so far (what it would be if the term ran again today)."""
    if due is None or clock is None or not clock.suspended_at:
        return due
    return _shift(cal, due, clock.suspended_at, now, timezone.localtime(now).date())


def _legal_due_now(pqr, clock: PqrClock, cal: BusinessCalendar, now: datetime):
    return _as_of_today(pqr.legal_due_at, clock, cal, now)


def extension_refusal(*, pqr, clock: PqrClock | None = None, rules=None, now=None) -> str:
    """Why a prórroga cannot be granted now ("" when it can): the page offers the
    action only when this is empty, the grant refuses with the same words."""
    rules = rules or selectors.rules_get()
    # Read fresh: a clock cached on the instance may predate a suspension.
    clock = clock or PqrClock.objects.filter(pqr_id=pqr.pk).first() or _clock(pqr)
    now = now or timezone.now()
    if not pqr.is_open:
        return _("Solo se concede prórroga a una PQR abierta.")
    if clock.extension_used:
        return _("Esta PQR ya tuvo su única prórroga.")
    if rules.public_utility(pqr.pqr_type_id):
        return _(
            "Las peticiones y reclamos de servicios públicos domiciliarios no admiten "
            "prórroga (Ley 142 de 1994, art. 158)."
        )
    if extension_days_for(rules.term_for(pqr.pqr_type_id)) <= 0:
        return _("Este tipo de PQR no admite prórroga.")
    due = _legal_due_now(pqr, clock, rules.cal, now)
    if due is None or now > due:
        return _("La prórroga solo se concede antes del vencimiento.")
    return ""


def extension_days_for(term) -> int:
    """Business days a prórroga may add: the term's rule, never more than the
    initial term again (Ley 1755 art. 14 parágrafo: at most double)."""
    if term is None:
        return 0
    return min(term.max_extension_days(), term.days)


def extension_latest(*, pqr, rules=None, clock: PqrClock | None = None, now=None):
    """The latest new due date a prórroga may set (None when none is possible), as it
    stands today: on a suspended PQR the business days suspended so far are added
    (and keep being added while it stays paused)."""
    rules = rules or selectors.rules_get()
    if pqr.legal_due_at is None:
        return None
    extra = extension_days_for(rules.term_for(pqr.pqr_type_id))
    if extra <= 0:
        return None
    latest = rules.cal.due_for_days(timezone.localtime(pqr.legal_due_at).date(), extra)
    return _as_of_today(latest, clock, rules.cal, now or timezone.now())


@transaction.atomic
def pqr_extension_grant(
    *,
    pqr,
    actor,
    reason: str,
    delivery: Delivery | None = None,
    until: date | None = None,
) -> datetime:
    """Prórroga: once, before the (suspension-shifted) due date, with a reason,
    capped at the legal maximum; `until` chooses a shorter new date. The customer
    is notified (by email after commit, or by the channel in `delivery`), with its
    notification record."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indique el motivo de la prórroga."))
    clock = _clock(pqr)
    rules = selectors.rules_get()
    now = timezone.now()
    refusal = extension_refusal(pqr=pqr, clock=clock, rules=rules, now=now)
    if refusal:
        raise ValidationError(refusal)
    # Dates as they stand today (on a suspended PQR: shifted by the suspension so far).
    latest = timezone.localtime(extension_latest(pqr=pqr, rules=rules, clock=clock, now=now))
    current = timezone.localtime(_legal_due_now(pqr, clock, rules.cal, now)).date()
    new_day = latest.date()
    if until is not None:
        if until <= current:
            raise ValidationError(_("La nueva fecha debe ser posterior al vencimiento actual."))
        if until > new_day:
            raise ValidationError(
                _("La prórroga no puede pasar del %(day)s (el doble del término como máximo).")
                % {"day": new_day.isoformat()}
            )
        if not rules.cal.is_business_day(until):
            raise ValidationError(_("La nueva fecha debe ser un día hábil."))
        new_day = until
    delivery = delivery_validate(pqr=pqr, decision="extension", delivery=delivery)
    old_due = pqr.legal_due_at
    # A prórroga is kept as the business days it adds, so a recompute or the end of a
    # suspension moves it like any other term (the stored date is before the shift).
    clock.extension_days = rules.cal.business_days_between(current, new_day)
    new_due = rules.cal.due_for_days(timezone.localtime(old_due).date(), clock.extension_days)
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
        old_value=str(old_due),
        new_value=str(new_due),
        note=reason,
    )
    # The customer is told, and the proof kept (by email: outbox row now, sent after commit).
    decision_notify(pqr=pqr, decision="extension", actor=actor, delivery=delivery)
    return new_due


@transaction.atomic
def pqr_silence_recognize(*, pqr, actor, note: str) -> PqrClock:
    """Record that the company recognised the silencio administrativo positivo (Ley 142
    art. 158): what was granted and how; the 72-hour alert stops."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Describa cómo se reconoció el silencio positivo."))
    clock = _clock(pqr)
    if clock.silence_flag != "accepted":
        raise ValidationError(_("Esta PQR no tiene silencio administrativo positivo."))
    if clock.silence_recognized_at:
        raise ValidationError(_("El silencio positivo ya fue reconocido."))
    clock.silence_recognized_at = timezone.now()
    clock.silence_recognition_note = note
    clock.silence_recognized_by = actor if getattr(actor, "is_authenticated", False) else None
    clock.next_threshold_at = _next_at(pqr, clock, selectors.rules_get())
    clock.save()
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind="field",
        field="silence_recognized_at",
        new_value=str(clock.silence_recognized_at),
        note=note,
    )
    return clock


# --- calendar edits, recompute ----------------------------------------------------


def calendar_changed() -> None:
    """Bump the calendar version (process caches rebuild) and recompute open PQRs."""
    Organization.objects.filter(pk=1).update(calendar_version=F("calendar_version") + 1)
    selectors.process_caches_clear()
    deadlines_recompute_later()


def deadlines_recompute_later() -> None:
    """Recompute every open PQR in a Celery task after commit: at 200,000 open PQRs
    a full pass takes tens of seconds, too long for a request (bench/sla_sweep.py).
    With the broker down it runs here instead of being lost. Every rules edit comes
    through here, so the version also tells each process to read the rules again."""
    Organization.objects.filter(pk=1).update(calendar_version=F("calendar_version") + 1)
    selectors.process_caches_clear()
    requested = time.time()
    transaction.on_commit(lambda: recompute.recompute_queue(requested))


def deadlines_recompute(*, pqr_ids=None, chunk: int | None = None) -> int:
    """Recompute the dates of open PQRs (all, or `pqr_ids`) in one set-based pass;
    see sla.recompute. Returns the number of PQRs whose dates changed."""
    return recompute.recompute_open(pqr_ids=pqr_ids, chunk=chunk or recompute.CHUNK)
