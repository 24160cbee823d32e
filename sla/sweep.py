"""The per-minute sweep, set-based (issue 18): one statement finds the clocks whose
next threshold passed (indexed on `next_threshold_at`), inserts their alerts (ON
CONFLICT DO NOTHING: a repeat creates nothing), flags silence effects and moves each
clock to its next future threshold; one more stamps the unsent alerts and a constant
number of Celery messages sends them, each task reading its share from the database.

The thresholds are computed in SQL (sla.thresholds_sql, checked against the Python
sla.thresholds in tests). Clocks whose undecided recurso's last day has ended take
the Python path (`_sweep_recursos`): they also flag the recurso and record an event,
and they are few.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.domain_events import DomainEvent, announce
from core.jobs import publish
from sla import selectors
from sla.bulk import update_from_values
from sla.calendar import BOGOTA
from sla.models import BREACH_KINDS, Alert, AlertKind, PqrClock, SilenceEffect
from sla.recursos import RECURSO_KINDS, recursos_crossed
from sla.thresholds import thresholds
from sla.thresholds_sql import LABEL_SQL, marks_ctes, marks_params

# Clocks per sweep: an end-of-day instant where 14,000 thresholds fall together is
# handled in one run (issue 18); beyond it the next sweep takes the rest.
BATCH = 20_000
# Celery messages per sweep, whatever the number of alerts: each task delivers the
# alerts of its share (alert id modulo SHARDS) stamped by this sweep. Publishing
# one message per 100 alerts cost 7.7 s for 14,000 alerts on a loaded machine.
SHARDS = 4
PER_MESSAGE = 100  # below this many alerts per share, fewer messages
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
# The recurso threshold passed: midnight after its last day (sla.thresholds).
_RECURSO_PAST = (
    "c.recurso_decide_by IS NOT NULL"
    " AND ((c.recurso_decide_by + 1)::timestamp AT TIME ZONE %(cal_tz)s) <= %(now)s"
)


def crossed(marks, now) -> tuple[list[tuple[str, str]], list]:
    """Split thresholds into those to raise now (kind, label) and future instants."""
    past = [(kind, label) for kind, label, at in marks if at <= now]
    kinds = {kind for kind, _ in past}
    raise_now = [(k, lb) for k, lb in past if not (_SUPERSEDED_BY.get(k, set()) & kinds)]
    return raise_now, [at for _, _, at in marks if at > now]


# Identifiers and fragments below come from our code, never from input.
_SWEEP_SQL = f"""
WITH due AS (
  SELECT c.pqr_id FROM sla_pqrclock c
  WHERE c.next_threshold_at <= %(now)s AND NOT ({_RECURSO_PAST})
  ORDER BY c.next_threshold_at
  LIMIT %(batch)s
  FOR UPDATE SKIP LOCKED
),{marks_ctes("due")},
ins AS (
  INSERT INTO sla_alert
    (pqr_id, kind, threshold, detail, created_at, attempts, last_error, claimed_at)
  SELECT m.pqr_id, m.kind, {LABEL_SQL}, '', %(created)s, 0, '', %(now)s
  FROM m JOIN t ON t.pqr_id = m.pqr_id
  WHERE m.at <= %(now)s
    AND NOT (m.kind = 'warning' AND t.today_at <= %(now)s)
    AND NOT (m.kind = 'due_today' AND t.due_at <= %(now)s)
  ORDER BY m.pqr_id, m.kind
  ON CONFLICT DO NOTHING
  RETURNING pqr_id, kind, threshold
),
nx AS (
  SELECT pqr_id, min(at) FILTER (WHERE at > %(now)s) AS next_at FROM m GROUP BY pqr_id
),
upd AS (
  UPDATE sla_pqrclock c
  SET next_threshold_at = nx.next_at,
      silence_flag = CASE
        WHEN t.running AND t.legal_due_at <= %(now)s AND t.accepted THEN 'accepted'
        WHEN t.running AND t.legal_due_at <= %(now)s AND t.late THEN 'late'
        ELSE c.silence_flag END
  FROM t LEFT JOIN nx ON nx.pqr_id = t.pqr_id
  WHERE c.pqr_id = t.pqr_id
)
SELECT n.total, b.pqr_id, b.kind, b.threshold
FROM (SELECT count(*) AS total FROM ins) n
LEFT JOIN (SELECT * FROM ins WHERE kind = ANY(%(breach)s)) b ON true
"""  # noqa: S608


def sweep_run(*, now=None) -> int:
    """Create due alerts, flag silence effects, advance each clock's
    next_threshold_at, then queue every unsent alert. Returns alerts queued."""
    now = now or timezone.now()
    rules = selectors.rules_get()
    params = {
        **marks_params(rules, now.astimezone(BOGOTA).year),
        "now": now,
        "batch": BATCH,
        "created": timezone.now(),
        "breach": sorted(BREACH_KINDS),
    }
    with transaction.atomic():
        breaches = _sweep_recursos(rules, now, params)
        with connection.cursor() as cursor:
            cursor.execute(_SWEEP_SQL, params)
            rows = cursor.fetchall()
        # New alerts are inserted already stamped for queueing (claimed_at = now):
        # stamping them afterwards rewrote every row just inserted.
        created = rows[0][0]
        breaches += [row[1:] for row in rows if row[1] is not None]
        announce(
            [
                DomainEvent(
                    name="pqr.breached",
                    key=f"breach:{pqr_id}:{kind}:{threshold}",
                    pqr_id=pqr_id,
                    data={"breach": kind},
                )
                for pqr_id, kind, threshold in breaches
            ]
        )
    return alerts_queue_unsent(now=now, stamped=created)


def _sweep_recursos(rules, now, params) -> list[tuple]:
    """The clocks whose undecided recurso's last day has ended, one by one (few)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.pqr_id FROM sla_pqrclock c WHERE c.next_threshold_at <= %(now)s AND "  # noqa: S608
            + _RECURSO_PAST,
            params,
        )
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return []
    clocks = list(
        PqrClock.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("pqr")
        .only(*_CLOCK_FIELDS)
        .filter(pk__in=ids, next_threshold_at__lte=now)
    )
    alerts = []
    for clock in clocks:
        pqr = clock.pqr
        silence = rules.silence_for(pqr.pqr_type_id)
        kw = {"pqr": pqr, "clock": clock, "cal": rules.cal, "share": rules.share}
        raise_now, future = crossed(thresholds(**kw, silence=silence), now)
        if RECURSO_KINDS & {k for k, _ in raise_now}:
            raise_now += recursos_crossed(
                clock=clock, silence=silence == SilenceEffect.ACCEPTED, now=now
            )
            future = crossed(thresholds(**kw, silence=silence), now)[1]
        alerts += [Alert(pqr_id=pqr.pk, kind=k, threshold=lb) for k, lb in raise_now]
        if _SILENCE_RAISED_BY.get(silence) in {k for k, _ in raise_now}:
            clock.silence_flag = silence
        clock.next_threshold_at = min(future) if future else None
    created = Alert.objects.bulk_create(alerts, ignore_conflicts=True, batch_size=1000)
    update_from_values(
        "sla_pqrclock",
        "pqr_id",
        {"next_threshold_at": "timestamptz", "silence_flag": "text", "recurso_decide_by": "date"},
        [(c.pk, c.next_threshold_at, c.silence_flag, c.recurso_decide_by) for c in clocks],
    )
    return [(a.pqr_id, a.kind, a.threshold) for a in created if a.kind in BREACH_KINDS]


# The ids are picked once (an InitPlan: `= ANY(ARRAY(...))`), oldest first through the
# partial index of unsent alerts. `id IN (subquery)` let the planner, when its
# statistics said the table was empty (a fresh install, or 21,000 alerts inserted by
# the sweep in the same transaction), run the locking subquery again for every row:
# 55 s for 14,000 crossing clocks instead of well under one.
_CLAIM_SQL = """
UPDATE sla_alert SET claimed_at = %(now)s
WHERE id = ANY(ARRAY(
  SELECT id FROM sla_alert
  WHERE sent_at IS NULL AND (claimed_at IS NULL OR claimed_at <= %(resend)s)
  ORDER BY created_at LIMIT %(batch)s
  FOR UPDATE SKIP LOCKED
))
"""


def alerts_queue_unsent(*, now, stamped: int = 0) -> int:
    """Queue unsent alerts: new ones and those whose earlier queueing was lost
    (broker down) or whose worker died. `claimed_at` records the last queueing, so
    an alert is queued again only after settings.ALERT_RESEND_AFTER; sending is
    idempotent, so a repeat is harmless. Stamps them in one statement before
    publishing (a worker must never see its claim overwritten by a later stamp),
    then publishes at most SHARDS messages. `stamped`: alerts already stamped with
    `now` by the caller (the sweep's new ones)."""
    params = {"now": now, "resend": now - settings.ALERT_RESEND_AFTER, "batch": BATCH}
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, params)
        claimed = cursor.rowcount + stamped
    if not claimed:
        return 0
    shards = max(1, min(SHARDS, math.ceil(claimed / PER_MESSAGE)))
    for shard in range(shards):
        if not publish("sla.tasks.alerts_send", None, now.isoformat(), shard, shards):
            # Broker unreachable: undo the stamp of the shares not queued; those rows
            # stay due for the next sweep.
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE sla_alert SET claimed_at = NULL WHERE claimed_at = %s "
                    "AND sent_at IS NULL AND id %% %s >= %s",
                    [now, shards, shard],
                )
                return claimed - cursor.rowcount
    return claimed


def alerts_claimed(*, claimed_at, shard: int = 0, shards: int = 1) -> list[int]:
    """Ids of the unsent alerts one sweep stamped, in this message's share."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM sla_alert WHERE claimed_at = %s AND sent_at IS NULL "
            "AND id %% %s = %s ORDER BY id",
            [claimed_at, shards, shard],
        )
        return [row[0] for row in cursor.fetchall()]
