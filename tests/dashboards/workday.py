"""An agent's working day: open PQRs in every state the home page counts."""

from datetime import timedelta

from django.utils import timezone

from pqr.models import Pqr, Status
from sla.selectors import calendar_get
from tests.pqr.factories import make_pqr


def _set(pqr, **fields) -> Pqr:
    Pqr.objects.filter(pk=pqr.pk).update(**fields)
    pqr.refresh_from_db()
    return pqr


def build_workday(agent, team, other=None) -> dict[str, list[Pqr]]:
    """Mine: 2 overdue (1 also past the legal term), 1 due today (late in the day),
    1 due in 2 business days, 1 waiting on the customer (paused), 1 with an anger
    alert, 1 resolved; plus 2 of the team for `other` (1 overdue) and 1 unassigned."""
    now = timezone.now()
    cal = calendar_get()
    end_of_today = timezone.localtime(now).replace(hour=23, minute=59, second=0)
    in_two = timezone.make_aware(
        timezone.datetime.combine(
            cal.add_business_days(timezone.localdate(now), 2), timezone.datetime.min.time()
        )
    ) + timedelta(hours=12)
    far = now + timedelta(days=40)

    def mine(subject, **fields):
        pqr = make_pqr(actor=agent, team=team, subject=subject, assigned_to=agent)
        return _set(pqr, **{"due_at": far, "legal_due_at": far, **fields})

    made = {
        "overdue": [
            mine("Cobro doble del mes", due_at=now - timedelta(days=3)),
            mine(
                "Medidor sin revisar",
                due_at=now - timedelta(days=20),
                legal_due_at=now - timedelta(days=2),
            ),
        ],
        "today": [
            mine("Factura sin detalle", due_at=max(end_of_today, now + timedelta(minutes=5)))
        ],
        "next3": [mine("Cambio de titular", due_at=in_two)],
        "waiting": [
            mine(
                "Falta el paz y salvo",
                status=Status.EN_ESPERA_CLIENTE,
                term_suspended=True,
                due_at=now - timedelta(days=1),
            )
        ],
        "anger": [mine("Servicio suspendido estando al día", needs_supervisor=True, anger_level=5)],
        "resolved": [mine("Ya resuelta", status=Status.RESUELTO, due_at=now - timedelta(days=9))],
    }
    if other is not None:
        made["team"] = [
            _set(
                make_pqr(actor=agent, team=team, subject="De Laura", assigned_to=other),
                due_at=now - timedelta(days=1),
                legal_due_at=far,
            ),
            _set(
                make_pqr(actor=agent, team=team, subject="De Laura 2", assigned_to=other),
                due_at=far,
                legal_due_at=far,
            ),
        ]
        made["unassigned"] = [
            _set(
                make_pqr(actor=agent, team=team, subject="Sin dueño"), due_at=far, legal_due_at=far
            )
        ]
    return made
