"""A small, deliberate office for the dashboard tests.

Seven PQRs created through pqr.services, then given hand-picked states, dates and
stored outcome figures (what the SLA engine writes when a PQR is answered/resolved):

- p1 petición/email, team A, agent: resuelto in time (due D-3); first response 2 h, resolution 10 h.
- p2 queja/web, team A, agent2: resuelto LATE (due D-6), legal term met; 4 h and 30 h.
- p3 reclamo/email, team B, agent_b: en trámite, due now-1 day (overdue); first response 6 h.
- p4 petición/teléfono, team B, agent_b: waiting for the customer (clock suspended), due
  now-2 h but paused.
- p5 petición/email, team A: trasladado (transferred), due D-2.
- p6 queja/email, team A, agent: asignado, due today; legal term passed, silencio positivo.
- p7 petición/web, team B, unassigned: radicado, due tomorrow+1 h (next 3 business days).

Breaches in the period: p2 (late) and p3 (still open, overdue) — p4 is paused, p5 left.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from pqr.models import Channel, Pqr, Status, Team
from sla.models import PqrClock, SilenceEffect
from tests.factories import UserFactory
from tests.pqr.factories import make_pqr


@dataclass
class Office:
    now: datetime
    team_a: Team
    team_b: Team
    agent: object
    agent2: object
    agent_b: object
    pqrs: dict = field(default_factory=dict)


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _set(pqr: Pqr, *, clock: dict | None = None, **values) -> None:
    Pqr.objects.filter(pk=pqr.pk).update(**values)
    if clock:
        PqrClock.objects.update_or_create(pqr_id=pqr.pk, defaults=clock)


def build_office(agent) -> Office:
    """`agent` is the logged-in agent of the conftest (member of team A)."""
    now = timezone.now()
    today = timezone.localdate(now)
    tomorrow = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    agent2 = UserFactory(username="agente.dos", role="Agente", first_name="Ana", last_name="Ruiz")
    agent_b = UserFactory(username="agente.b", role="Agente", first_name="Beto", last_name="Gil")
    team_a, _ = Team.objects.get_or_create(name="Equipo A")
    team_b, _ = Team.objects.get_or_create(name="Equipo B")
    team_a.members.add(agent, agent2)
    team_b.members.add(agent_b)
    office = Office(now, team_a, team_b, agent, agent2, agent_b)

    def create(key, *, type_code, channel, team, days_ago, **extra):
        pqr = make_pqr(
            actor=agent,
            type_code=type_code,
            team=team,
            channel=channel,
            received_at=_at(today - timedelta(days=days_ago), 9),
            verbal_constancia="Llamada atendida." if channel == Channel.TELEFONO else "",
        )
        office.pqrs[key] = pqr
        return pqr

    p1 = create("p1", type_code="peticion", channel=Channel.EMAIL, team=team_a, days_ago=10)
    _set(
        p1,
        status=Status.RESUELTO,
        assigned_to=agent,
        due_at=_at(today - timedelta(days=3), 23),
        legal_due_at=_at(today + timedelta(days=5), 23),
        first_responded_at=_at(today - timedelta(days=9)),
        resolved_at=_at(today - timedelta(days=5)),
        first_response_business_hours=Decimal("2.00"),
        resolution_business_hours=Decimal("10.00"),
        resolution_business_days=3,
        resolved_within_due=True,
        resolved_within_legal=True,
    )
    p2 = create("p2", type_code="queja", channel=Channel.WEB, team=team_a, days_ago=12)
    _set(
        p2,
        status=Status.RESUELTO,
        assigned_to=agent2,
        due_at=_at(today - timedelta(days=6), 23),
        legal_due_at=_at(today + timedelta(days=3), 23),
        first_responded_at=_at(today - timedelta(days=11)),
        resolved_at=_at(today - timedelta(days=4)),
        first_response_business_hours=Decimal("4.00"),
        resolution_business_hours=Decimal("30.00"),
        resolution_business_days=6,
        resolved_within_due=False,
        resolved_within_legal=True,
    )
    p3 = create("p3", type_code="reclamo", channel=Channel.EMAIL, team=team_b, days_ago=8)
    _set(
        p3,
        status=Status.EN_TRAMITE,
        assigned_to=agent_b,
        due_at=now - timedelta(days=1),
        legal_due_at=now + timedelta(days=2),
        first_responded_at=_at(today - timedelta(days=7)),
        first_response_business_hours=Decimal("6.00"),
    )
    p4 = create("p4", type_code="peticion", channel=Channel.TELEFONO, team=team_b, days_ago=7)
    _set(
        p4,
        status=Status.EN_ESPERA_CLIENTE,
        term_suspended=True,
        assigned_to=agent_b,
        due_at=now - timedelta(hours=2),
        legal_due_at=now + timedelta(days=5),
        clock={"suspended_at": now - timedelta(days=3)},
    )
    p5 = create("p5", type_code="peticion", channel=Channel.EMAIL, team=team_a, days_ago=6)
    _set(
        p5,
        status=Status.TRASLADADO,
        due_at=_at(today - timedelta(days=2), 23),
        legal_due_at=_at(today + timedelta(days=8), 23),
        transfer_destination="Superintendencia de Industria y Comercio",
        transferred_on=today - timedelta(days=5),
        closed_at=_at(today - timedelta(days=5)),
        clock={"transfer_due_at": _at(today - timedelta(days=1), 23)},
    )
    p6 = create("p6", type_code="queja", channel=Channel.EMAIL, team=team_a, days_ago=11)
    _set(
        p6,
        status=Status.ASIGNADO,
        assigned_to=agent,
        due_at=now + (tomorrow - now) / 2,
        legal_due_at=now - timedelta(days=1),
        clock={"silence_flag": SilenceEffect.ACCEPTED},
    )
    p7 = create("p7", type_code="peticion", channel=Channel.WEB, team=team_b, days_ago=1)
    _set(
        p7,
        status=Status.RADICADO,
        assigned_to=None,
        due_at=tomorrow + timedelta(hours=1),
        legal_due_at=now + timedelta(days=10),
    )
    return office


def add_noise(office: Office, count: int) -> None:
    """More open and resolved PQRs, to show the page's query count does not grow."""
    today = timezone.localdate(office.now)
    for i in range(count):
        pqr = make_pqr(
            actor=office.agent,
            team=office.team_a if i % 2 else office.team_b,
            received_at=_at(today - timedelta(days=2 + i % 9), 9),
        )
        if i % 3 == 0:
            _set(
                pqr,
                status=Status.RESUELTO,
                assigned_to=office.agent2,
                resolved_at=_at(today - timedelta(days=1)),
                first_response_business_hours=Decimal("3.00"),
                resolution_business_hours=Decimal("12.00"),
                resolved_within_due=bool(i % 2),
                resolved_within_legal=True,
            )
        else:
            _set(pqr, assigned_to=office.agent_b if i % 2 else office.agent2)
