"""The per-minute sweep: only clocks whose next threshold passed (indexed)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.domain_events import DomainEvent, announce
from core.jobs import publish
from sla import selectors
from sla.bulk import update_from_values
from sla.models import BREACH_KINDS, Alert, AlertKind, PqrClock, SilenceEffect
from sla.recursos import RECURSO_KINDS, recursos_crossed
from sla.thresholds import thresholds

# Clocks per sweep: an end-of-day instant where 14,000 thresholds fall together is
# handled in one run (issue 18); beyond it the next sweep takes the rest.
BATCH = 20_000
# Alerts per Celery message: one message per alert cost about 2 ms to publish
# (2 s for 1,000); groups of 100 keep 14,000 alerts at 140 messages and still spread
# over workers.
PER_MESSAGE = 100
# A later stage makes an earlier one pointless when both are found past at once
# (after an outage, or a due date moved into the past).
_SUPERSEDED_BY = {
    AlertKind.WARNING: {AlertKind.DUE_TODAY, AlertKind.RESOLUTION_BREACH},
    AlertKind.DUE_TODAY: {AlertKind.RESOLUTION_BREACH},
}
# What thresholds() reads: the big text columns of the PQR stay in the table.
_CLOCK_FIELDS = (
    "suspended_at",
    "stopped_at",
    "next_threshold_at",
    "silence_flag",
    "silence_recognized_at",
    "pqr__pqr_type_id",
    "pqr__received_at",
    "pqr__first_response_due_at",
    "pqr__first_responded_at",
    "pqr__due_at",
    "pqr__legal_due_at",
    "pqr__completion_due_on",
    "recurso_decide_by",
)
_SILENCE_RAISED_BY = {
    SilenceEffect.ACCEPTED: AlertKind.SILENCE,
    SilenceEffect.LATE: AlertKind.LEGAL_BREACH,
}


def crossed(marks, now) -> tuple[list[tuple[str, str]], list]:
    """Split thresholds into those to raise now (kind, label) and future instants."""
    past = [(kind, label) for kind, label, at in marks if at <= now]
    kinds = {kind for kind, _ in past}
    raise_now = [(k, lb) for k, lb in past if not (_SUPERSEDED_BY.get(k, set()) & kinds)]
    return raise_now, [at for _, _, at in marks if at > now]


def sweep_run(*, now=None) -> int:
    """Create due alerts (ON CONFLICT DO NOTHING), flag silence effects, advance
    each clock's next_threshold_at, then queue every unsent alert. Returns alerts queued."""
    now = now or timezone.now()
    rules = selectors.rules_get()
    with transaction.atomic():
        clocks = list(
            PqrClock.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("pqr")
            .only(*_CLOCK_FIELDS)
            .filter(next_threshold_at__lte=now)
            .order_by("next_threshold_at")[:BATCH]
        )
        alerts = []
        for clock in clocks:
            pqr = clock.pqr
            silence = rules.silence_for(pqr.pqr_type_id)
            marks = thresholds(
                pqr=pqr, clock=clock, cal=rules.cal, share=rules.share, silence=silence
            )
            raise_now, future = crossed(marks, now)
            if RECURSO_KINDS & {k for k, _ in raise_now}:
                raise_now += recursos_crossed(
                    clock=clock, silence=silence == SilenceEffect.ACCEPTED, now=now
                )
                marks = thresholds(
                    pqr=pqr, clock=clock, cal=rules.cal, share=rules.share, silence=silence
                )
                future = crossed(marks, now)[1]
            alerts += [Alert(pqr_id=pqr.pk, kind=k, threshold=lb) for k, lb in raise_now]
            if _SILENCE_RAISED_BY.get(silence) in {k for k, _ in raise_now}:
                clock.silence_flag = silence
            clock.next_threshold_at = min(future) if future else None
        Alert.objects.bulk_create(alerts, ignore_conflicts=True, batch_size=1000)
        announce(
            [
                DomainEvent(
                    name="pqr.breached",
                    key=f"breach:{a.pqr_id}:{a.kind}:{a.threshold}",
                    pqr_id=a.pqr_id,
                    data={"breach": a.kind},
                )
                for a in alerts
                if a.kind in BREACH_KINDS
            ]
        )
        update_from_values(
            "sla_pqrclock",
            "pqr_id",
            {
                "next_threshold_at": "timestamptz",
                "silence_flag": "text",
                "recurso_decide_by": "date",
            },
            [(c.pk, c.next_threshold_at, c.silence_flag, c.recurso_decide_by) for c in clocks],
        )
    return alerts_queue_unsent(now=now)


def alerts_queue_unsent(*, now) -> int:
    """Queue unsent alerts: new ones and those whose earlier queueing was lost
    (broker down) or whose worker died. `claimed_at` records the last queueing, so
    an alert is queued again only after settings.ALERT_RESEND_AFTER; sending is idempotent, so a
    repeat is harmless."""
    ids = list(
        Alert.objects.filter(sent_at__isnull=True)
        .exclude(claimed_at__gt=now - settings.ALERT_RESEND_AFTER)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    if not ids:
        return 0
    # Stamp all of them before publishing (one statement, not one per message): a
    # worker that takes a chunk at once must not have its claim (or a fresh alert)
    # overwritten by a stamp that comes after it.
    Alert.objects.filter(pk__in=ids, sent_at__isnull=True).update(claimed_at=now)
    queued = 0
    for start in range(0, len(ids), PER_MESSAGE):
        chunk = ids[start : start + PER_MESSAGE]
        if not publish("sla.tasks.alerts_send", chunk):
            # Broker unreachable: undo the stamp of what was not queued; those rows
            # stay due for the next sweep.
            Alert.objects.filter(pk__in=ids[start:], sent_at__isnull=True, claimed_at=now).update(
                claimed_at=None
            )
            break
        queued += len(chunk)
    return queued
