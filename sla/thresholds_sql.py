"""sla.thresholds.thresholds() as SQL: the same (kind, label, instant) rows for a set
of clocks at once, so that the sweep and the recompute never loop over PQRs in Python.
tests/sla/test_sweep_sql.py checks both give the same rows on varied PQRs.

`marks_ctes(ids)` returns CTEs: `cal` (sla.calendar_sql), `t`, one row per clock of
CTE `ids` (column `pqr_id`) with what the thresholds depend on, and `m`, its
thresholds (pqr_id, kind, label_day, label_at, at; LABEL_SQL makes the label).
Named parameters: those of sla.calendar_sql, `share`, `accepted` and `late` (PQR
type ids whose legal term has that silence effect) and `now`: the warning of a due
date already past at `now` is left out (superseded, and behind `now`).
"""

from __future__ import annotations

from sla.calendar_sql import (
    CAL_CTE,
    business_pos,
    calendar_params,
    day_of_pos,
    instant_at_pos,
    local,
)
from sla.models import AlertKind, SilenceEffect
from sla.thresholds import SILENCE_RECOGNITION

# The label of a row of `m` (sla.thresholds.label, or the ISO day).
LABEL_SQL = (
    "coalesce(to_char(m.label_day, 'YYYY-MM-DD'), "
    """to_char(m.label_at AT TIME ZONE %(cal_tz)s, 'YYYYMMDD"T"HH24MI'))"""
)


def _after_day(day: str) -> str:
    # end_of_day(day) + 1 s: midnight that ends the local day.
    return f"(({day} + 1)::timestamp AT TIME ZONE %(cal_tz)s)"


_HOURS = int(SILENCE_RECOGNITION.total_seconds() // 3600)


def marks_ctes(ids: str) -> str:
    # Fragments from our code only (no input reaches them).
    t = f"""
{CAL_CTE},
t AS MATERIALIZED (
  SELECT c.pqr_id, c.silence_flag, c.recurso_decide_by, c.silence_recognized_at,
         p.completion_due_on, p.due_at, p.first_response_due_at, p.first_responded_at,
         p.legal_due_at,
         c.stopped_at IS NULL AS live,
         c.stopped_at IS NULL AND c.suspended_at IS NULL AND p.due_at IS NOT NULL AS running,
         p.pqr_type_id = ANY(%(accepted)s::bigint[]) AS accepted,
         p.pqr_type_id = ANY(%(late)s::bigint[]) AS late,
         CASE WHEN w.wp IS NOT NULL THEN {instant_at_pos("w.wp", "w.k")} END AS warn_at,
         least(({local("p.due_at")}::date + %(cal_open)s::time) AT TIME ZONE %(cal_tz)s,
               p.due_at) AS today_at
  FROM {ids} i
  JOIN sla_pqrclock c ON c.pqr_id = i.pqr_id
  JOIN pqr_pqr p ON p.id = c.pqr_id
  CROSS JOIN cal
  -- OFFSET 0 keeps each step computed once per row (not inlined into every use).
  -- A warning of a due date already past is superseded and behind `now`: no
  -- business-time arithmetic for it.
  CROSS JOIN LATERAL (
    SELECT CASE WHEN p.due_at > %(now)s THEN {business_pos("p.received_at")} END AS pr,
           CASE WHEN p.due_at > %(now)s THEN {business_pos("p.due_at")} END AS pd
    OFFSET 0
  ) ps
  CROSS JOIN LATERAL (
    SELECT CASE WHEN ps.pd > ps.pr THEN ps.pr + (ps.pd - ps.pr) * %(share)s / 100.0 END AS wp
    OFFSET 0
  ) wp
  CROSS JOIN LATERAL (SELECT wp.wp, {day_of_pos("wp.wp")} AS k OFFSET 0) w
)"""  # noqa: S608
    recurso = "t.recurso_decide_by"
    completion = "t.completion_due_on"
    legal_ok = "t.running AND t.legal_due_at IS NOT NULL"
    # (kind, what its label is made of: a day or an instant, instant, when it applies)
    rows = [
        (AlertKind.RECURSO_OVERDUE, (recurso, None), _after_day(recurso), f"{recurso} IS NOT NULL"),
        (
            AlertKind.RECURSO_SILENCE,
            (recurso, None),
            _after_day(recurso),
            f"{recurso} IS NOT NULL AND t.accepted",
        ),
        (
            AlertKind.COMPLETION_EXPIRED,
            (completion, None),
            _after_day(completion),
            f"t.live AND {completion} IS NOT NULL",
        ),
        (AlertKind.WARNING, (None, "t.due_at"), "t.warn_at", "t.running AND t.warn_at IS NOT NULL"),
        (AlertKind.DUE_TODAY, (None, "t.due_at"), "t.today_at", "t.running"),
        (
            AlertKind.FIRST_RESPONSE_BREACH,
            (None, "t.first_response_due_at"),
            "t.first_response_due_at",
            "t.running AND t.first_response_due_at IS NOT NULL AND t.first_responded_at IS NULL",
        ),
        (AlertKind.RESOLUTION_BREACH, (None, "t.due_at"), "t.due_at", "t.running"),
        (AlertKind.LEGAL_BREACH, (None, "t.legal_due_at"), "t.legal_due_at", legal_ok),
        (
            AlertKind.SILENCE,
            (None, "t.legal_due_at"),
            "t.legal_due_at",
            f"{legal_ok} AND t.accepted",
        ),
        (
            AlertKind.SILENCE_RECOGNITION,
            (None, "t.legal_due_at"),
            f"t.legal_due_at + interval '{_HOURS} hours'",
            f"{legal_ok} AND t.accepted AND t.silence_recognized_at IS NULL",
        ),
    ]
    values = ",\n    ".join(
        f"('{kind.value}', {day or 'NULL::date'}, {ts or 'NULL::timestamptz'}, {at}, {ok})"
        for kind, (day, ts), at, ok in rows
    )
    # Labels (to_char) are made only for the rows that need one: LABEL_SQL.
    m = f"""
m AS (
  SELECT t.pqr_id, v.kind, v.label_day, v.label_at, v.at
  FROM t CROSS JOIN LATERAL (VALUES
    {values}
  ) AS v(kind, label_day, label_at, at, ok)
  WHERE v.ok AND v.at IS NOT NULL
)"""  # noqa: S608
    return f"{t},{m}"


def marks_params(rules, year: int) -> dict:
    """Parameters of marks_ctes() for these rules (sla.selectors.Rules)."""
    accepted, late = [], []
    for type_id in rules.terms:
        effect = rules.silence_for(type_id)
        if effect == SilenceEffect.ACCEPTED:
            accepted.append(type_id)
        elif effect == SilenceEffect.LATE:
            late.append(type_id)
    return {
        **calendar_params(rules.cal, year),
        "share": rules.share,
        "accepted": accepted,
        "late": late,
    }
