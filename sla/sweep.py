"""The per-minute sweep: only clocks whose next threshold passed (indexed)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sla import selectors
from sla.models import Alert, PqrClock
from sla.services import thresholds

BATCH = 5000
RESEND_AFTER = timedelta(minutes=2)


def sweep_run(*, now=None) -> int:
    """Create due alerts (ON CONFLICT DO NOTHING), advance each clock's
    next_threshold_at, then queue every unsent alert. Returns alerts queued."""
    now = now or timezone.now()
    cal = selectors.calendar_get()
    org = selectors.organization_get()
    terms = selectors.legal_terms_by_type()
    with transaction.atomic():
        clocks = list(
            PqrClock.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("pqr")
            .filter(next_threshold_at__lte=now)
            .order_by("next_threshold_at")[:BATCH]
        )
        alerts = []
        for clock in clocks:
            pqr = clock.pqr
            future = []
            marks = thresholds(
                pqr=pqr,
                clock=clock,
                cal=cal,
                share=org.warning_share,
                term=terms.get(pqr.pqr_type_id),
            )
            for kind, label, at in marks:
                if at <= now:
                    alerts.append(Alert(pqr_id=pqr.pk, kind=kind, threshold=label))
                else:
                    future.append(at)
            clock.next_threshold_at = min(future) if future else None
        Alert.objects.bulk_create(alerts, ignore_conflicts=True, batch_size=1000)
        PqrClock.objects.bulk_update(clocks, ["next_threshold_at"], batch_size=1000)
    return alerts_queue_unsent(now=now)


def alerts_queue_unsent(*, now) -> int:
    """Queue unsent alerts: new ones and those whose earlier queueing was lost
    (broker down) or whose worker died. Sending is idempotent, so a repeat is harmless."""
    from sla.tasks import alert_send

    ids = list(
        Alert.objects.filter(sent_at__isnull=True)
        .exclude(claimed_at__gt=now - RESEND_AFTER)
        .values_list("pk", flat=True)[:BATCH]
    )
    queued = 0
    for pk in ids:
        try:
            alert_send.delay(pk)
            queued += 1
        except Exception:
            break
    return queued
