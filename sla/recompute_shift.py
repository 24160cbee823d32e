"""After one extra non-working day is added or removed: a set-based shift of the stored
due dates by one business day, for exactly the open PQRs whose window contains the day
(issue 18: the full Python pass took 41-70 s at 200,000 open PQRs).

With every business day the same length, taking day D out of (or putting it into) the
calendar moves every instant on or after D (after D, when put back) of a PQR filed
before D to the next (previous) business day, same time of day: days-based dates,
hours-based targets and the warning alike. A PQR whose filing date itself may change
(received on or before D and filed on or after it) goes through the Python pass
(sla.recompute), the reference: tests/sla/test_recompute_shift.py checks the shift
gives what the Python pass gives on varied PQRs.

Like the Python pass, it records one event per moved date, an email to the customer
whose legal date moved later (outbox rows; the outbox beat sends them) and moves each
clock's next threshold, recomputed in SQL (sla.thresholds_sql).
"""

from __future__ import annotations

import logging
import time
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from core.jobs import publish
from pqr.models import OPEN_STATUSES, CustomerEmailKind, EventKind
from sla import selectors
from sla.calendar_sql import CAL_CTE, local, next_business_day, previous_business_day
from sla.models import Organization
from sla.recompute import MOVE_NOTE, last_full_recompute, recompute_open, recompute_requested
from sla.thresholds_sql import marks_ctes, marks_params

logger = logging.getLogger(__name__)

WORK_MEM = "64MB"
# Stored dates that move, in the order of the Python pass's events.
_PQR_DATES = ("first_response_due_at", "due_at", "legal_due_at")
_BREACH_DATE = {
    "first_response_breach": "o_first_response_due_at",
    "resolution_breach": "o_due_at",
    "legal_breach": "o_legal_due_at",
    "silence": "o_legal_due_at",
}


def _shifted(ts: str, added: bool) -> str:
    day = f"{local(ts)}::date"
    if added:
        moved, when = next_business_day(day), f"{day} >= %(day)s"
    else:
        moved, when = previous_business_day(day), f"{day} > %(day)s"
    return (
        f"CASE WHEN {when} THEN (({moved}) + {local(ts)}::time) AT TIME ZONE %(cal_tz)s"
        f" ELSE {ts} END"
    )


def _shift_table_sql(added: bool) -> str:
    olds = ", ".join(f"p.{name} AS o_{name}" for name in _PQR_DATES)
    news = ", ".join(f"{_shifted(f'p.{name}', added)} AS {name}" for name in _PQR_DATES)
    reaches = f"{local('greatest(p.legal_due_at, p.due_at, c.policy_due_at)')}::date"
    past = ">=" if added else ">"
    return f"""
CREATE TEMP TABLE sla_shift ON COMMIT DROP AS
WITH {CAL_CTE}
SELECT p.id, {olds}, {news},
       c.pqr_id IS NOT NULL AS has_clock, c.extension_used, c.next_threshold_at AS o_next,
       c.policy_due_at AS o_policy_due_at,
       {_shifted("c.policy_due_at", added)} AS policy_due_at,
       c.initial_legal_due_at AS o_initial
FROM pqr_pqr p
LEFT JOIN sla_pqrclock c ON c.pqr_id = p.id
CROSS JOIN cal
WHERE p.status = ANY(%(open)s) AND p.filed_on < %(day)s AND p.created_at < %(before)s
  AND {reaches} {past} %(day)s
"""  # noqa: S608


def _write_sql() -> str:
    # Only the rows whose dates really move: every row written here is a new version
    # in each of pqr_pqr's indexes (due_at is indexed, so no update is HOT).
    return f"""
UPDATE pqr_pqr p SET first_response_due_at = s.first_response_due_at,
                     due_at = s.due_at, legal_due_at = s.legal_due_at
FROM sla_shift s WHERE p.id = s.id AND ({_changed("s.")})
"""  # noqa: S608


_SHOWN = "coalesce(to_char({} AT TIME ZONE %(tz)s, 'YYYY-MM-DD HH24:MI'), '')"


def _events_and_emails_sql() -> str:
    moves = " UNION ALL ".join(
        f"SELECT s.id, {i} AS n, '{name}' AS field, "  # noqa: S608
        f"{_SHOWN.format(f's.o_{name}')} AS old_value, "
        f"{_SHOWN.format(f's.{name}')} AS new_value FROM sla_shift s"
        f" WHERE s.o_{name} IS DISTINCT FROM s.{name}"
        for i, name in enumerate(_PQR_DATES)
    )
    return f"""
WITH ev AS (
  INSERT INTO pqr_pqrevent (pqr_id, actor_id, kind, field, old_value, new_value, note, created_at)
  SELECT id, NULL, %(field_kind)s, field, old_value, new_value, %(note)s, %(created)s
  FROM ({moves}) x ORDER BY id, n
  RETURNING id, pqr_id
),
last_event AS (SELECT pqr_id, max(id) AS event_id FROM ev GROUP BY pqr_id)
INSERT INTO pqr_customeremail
  (pqr_id, kind, message_id, dedupe_key, created_at, attempts, last_error, handled_note)
SELECT p.id, %(email_kind)s, NULL, %(email_kind)s || ':' || p.id || ':e' || e.event_id,
       %(created)s, 0, '', ''
FROM sla_shift s
JOIN pqr_pqr p ON p.id = s.id
JOIN last_event e ON e.pqr_id = s.id
WHERE s.legal_due_at > s.o_legal_due_at AND p.contact_email <> ''
  AND (p.customer_id IS NOT NULL OR p.contact_consent_at IS NOT NULL)
ON CONFLICT (dedupe_key) DO NOTHING
"""  # noqa: S608


def _next_sql() -> str:
    breach = " OR ".join(
        f"(m.kind = '{kind}' AND (s.{old} IS NULL OR s.{old} > %(now)s))"
        for kind, old in _BREACH_DATE.items()
    )
    return f"""
WITH ids AS (SELECT id AS pqr_id FROM sla_shift WHERE has_clock),{marks_ctes("ids")},
nx AS (
  SELECT s.id,
         least(
           CASE WHEN s.o_next <= %(now)s THEN s.o_next END,
           min(m.at) FILTER (WHERE m.at > %(now)s),
           CASE WHEN bool_or(m.at <= %(now)s AND ({breach})) THEN %(now)s::timestamptz END
         ) AS next_at
  FROM sla_shift s LEFT JOIN m ON m.pqr_id = s.id
  WHERE s.has_clock
  GROUP BY s.id, s.o_next
)
-- One update of each clock whose values move (its next threshold is indexed: every
-- update writes a new entry in each of its indexes).
UPDATE sla_pqrclock c SET
  next_threshold_at = nx.next_at,
  policy_due_at = s.policy_due_at,
  initial_legal_due_at = CASE WHEN s.extension_used THEN s.o_initial ELSE s.legal_due_at END
FROM nx JOIN sla_shift s ON s.id = nx.id
WHERE c.pqr_id = nx.id
  AND (c.next_threshold_at, c.policy_due_at, c.initial_legal_due_at) IS DISTINCT FROM
      (nx.next_at, s.policy_due_at,
       CASE WHEN s.extension_used THEN s.o_initial ELSE s.legal_due_at END)
"""  # noqa: S608


def _filing_may_change(day: date, before: datetime) -> list[int]:
    """Open PQRs received on or before `day` and filed on or after it: their filing
    date (where every term starts) may move, which the shift does not do."""
    tz = selectors.calendar_get().config.tz.key
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM pqr_pqr WHERE status = ANY(%s) AND filed_on >= %s "
            "AND (received_at AT TIME ZONE %s)::date <= %s AND created_at < %s",
            [list(OPEN_STATUSES), day, tz, day, before],
        )
        return [row[0] for row in cursor.fetchall()]


@transaction.atomic
def deadlines_shift_for_day(*, day: date, added: bool, before: datetime | None = None) -> int:
    """Shift the open PQRs' dates after `day` became a non-working day (`added`) or a
    working one again. `before`: PQRs created from then on were dated with the new
    calendar already. Returns the number of PQRs moved."""
    now = timezone.now()
    before = before or now
    rules = selectors.rules_get()
    params = {
        **marks_params(rules, day.year),
        "day": day,
        "open": list(OPEN_STATUSES),
        "before": before,
        "now": now,
        "created": now,
        "tz": timezone.get_current_timezone_name(),
        "note": MOVE_NOTE,
        "field_kind": EventKind.FIELD,
        "email_kind": CustomerEmailKind.DUE_DATE_MOVED,
    }
    with connection.cursor() as cursor:
        # The joins and aggregates below hold tens of thousands of rows in hashes: in
        # the default 4 MB they spill to disk in batches. Restored at the end.
        cursor.execute(
            "SELECT current_setting('work_mem'), set_config('work_mem', %s, true)", [WORK_MEM]
        )
        work_mem = cursor.fetchone()[0]
        # Dropped at commit; dropped here too when the caller's transaction goes on.
        cursor.execute("DROP TABLE IF EXISTS sla_shift")
        cursor.execute(_shift_table_sql(added), params)
        # A temporary table has no statistics (autovacuum never sees it): without them
        # the planner hashes all of pqr_pqr and sla_pqrclock to join a fraction of them.
        cursor.execute("ANALYZE sla_shift")
        # A date beyond the calendar arrays' span has no shifted value: the Python
        # pass dates those PQRs.
        cursor.execute("DELETE FROM sla_shift WHERE " + _LOST + " RETURNING id")  # noqa: S608
        beyond = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT count(*) FROM sla_shift WHERE " + _CHANGED)  # noqa: S608
        moved = cursor.fetchone()[0]
        cursor.execute(_write_sql())
        cursor.execute(_events_and_emails_sql(), params)
        emails = cursor.rowcount
        cursor.execute(_next_sql(), params)
        cursor.execute("DROP TABLE sla_shift")
        cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])
    fallback = _filing_may_change(day, before) + beyond
    if fallback:
        moved += recompute_open(pqr_ids=fallback, record=True)
    if emails:
        # The outbox beat sends them too; this only starts it now.
        transaction.on_commit(lambda: publish("pqr.tasks.requeue_customer_emails"))
    return moved


def _changed(table: str = "") -> str:
    return " OR ".join(f"{table}o_{n} IS DISTINCT FROM {table}{n}" for n in _PQR_DATES)


_CHANGED = _changed()
_LOST = (
    " OR ".join(f"(o_{name} IS NOT NULL AND {name} IS NULL)" for name in _PQR_DATES)
    + " OR (o_policy_due_at IS NOT NULL AND policy_due_at IS NULL)"
)


def shift_later(*, day: date, added: bool) -> None:
    """Called in the transaction that adds or removes the day: bump the calendar version
    (process caches rebuild) and queue the shift after commit."""
    Organization.objects.filter(pk=1).update(calendar_version=F("calendar_version") + 1)
    selectors.process_caches_clear()
    version = Organization.objects.values_list("calendar_version", flat=True).get(pk=1)
    requested = time.time()

    def queue():
        args = (day.isoformat(), added, requested, version, time.time())
        if not publish("sla.tasks.deadlines_shift_task", *args):
            logger.warning("date shift not queued; running it in process")
            shift_requested(*args)

    transaction.on_commit(queue)


def shift_requested(day: str, added: bool, requested_at: float, version: int, before: float):
    """The queued shift. Skipped when a full recompute started after the request (it
    covered the day); a full recompute instead when the calendar or the rules changed
    again since (the shift assumes the dates were computed with the calendar just
    before this one day)."""
    if last_full_recompute() >= requested_at:
        return 0
    moment = datetime.fromtimestamp(before, tz=timezone.get_current_timezone())
    with transaction.atomic():
        # The row lock orders this with calendar edits and with a second shift task.
        current = (
            Organization.objects.select_for_update()
            .values_list("calendar_version", flat=True)
            .get(pk=1)
        )
        if current == version:
            moved = deadlines_shift_for_day(day=date.fromisoformat(day), added=added, before=moment)
            # Done once: a redelivered message (worker lost after commit) finds another
            # version and runs the full pass, never a second shift.
            Organization.objects.filter(pk=1).update(calendar_version=F("calendar_version") + 1)
            selectors.process_caches_clear()
            return moved
    return recompute_requested(requested_at)
