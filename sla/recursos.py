"""Recursos undecided after their 15 business days, found by the minute sweep.

The clock of a PQR watches its earliest undecided recurso (`PqrClock.recurso_decide_by`,
kept by `sla.services.pqr_clock_recursos_refresh`), also once the PQR is closed. When
that day ends staff are alerted (once: the alert is unique per PQR, kind and day) and,
under Ley 142 art. 158, the recurso is decided in the user's favour: the silencio
positivo is flagged on the recurso and recorded as an event, once.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from pqr.events import pqr_event_record
from pqr.models import EventKind, RecursoFiling
from sla.calendar import BOGOTA
from sla.models import AlertKind

RECURSO_KINDS = {AlertKind.RECURSO_OVERDUE, AlertKind.RECURSO_SILENCE}


def recursos_crossed(*, clock, silence: bool, now: datetime) -> list[tuple[str, str]]:
    """The alerts (kind, day) of every undecided recurso whose last day has ended; flags
    their silencio positivo when `silence`; moves the clock to the next undecided one."""
    today = now.astimezone(BOGOTA).date()
    rows = RecursoFiling.objects.filter(pqr_id=clock.pk, decided_on=None).order_by("decide_by")
    alerts = []
    clock.recurso_decide_by = None
    for row in rows:
        if row.decide_by >= today:
            clock.recurso_decide_by = row.decide_by
            break
        day = row.decide_by.isoformat()
        alerts.append((AlertKind.RECURSO_OVERDUE, day))
        if not silence:
            continue
        alerts.append((AlertKind.RECURSO_SILENCE, day))
        if row.silence_at is None:
            row.silence_at = now
            row.save(update_fields=["silence_at"])
            pqr_event_record(
                pqr=clock.pqr,
                actor=None,
                kind=EventKind.NOTE,
                field="recurso_silence",
                new_value=day,
                note=_(
                    "%(kind)s sin decidir al vencer sus 15 días hábiles (%(day)s): silencio "
                    "administrativo positivo, se entiende decidido a favor del usuario "
                    "(Ley 142 de 1994, art. 158)."
                )
                % {"kind": row.get_kind_display(), "day": day},
            )
    return alerts
