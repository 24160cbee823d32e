"""Builders for the satisfaction, causes and report tests: real services, then the
timestamps and stored outcome figures set deliberately so every expected number can be
worked out by hand."""

from datetime import date, datetime, time

from django.utils import timezone

from dashboards.filters import DashboardFilters
from pqr.emails import email_recipient
from pqr.models import Pqr, PqrType, ProtocolStepCode, RootCause
from pqr.services import (
    pqr_anger_record,
    pqr_create,
    pqr_desist,
    pqr_reject,
    pqr_transfer,
    protocol_step_not_applicable,
    protocol_step_record,
)
from pqr.services.protocol import ALWAYS_APPLICABLE
from surveys.models import RecoveryCase, SatisfactionSurvey, SurveyResponse, SurveySource
from surveys.services import recovery_case_update, survey_details_record
from tests.answers import IN_PERSON, resolve_answered


def at(day: date, hour: int = 10) -> datetime:
    """An aware Bogotá datetime on `day`."""
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def period(start: date, end: date, user, **filters) -> DashboardFilters:
    from core.roles import Role, has_role

    agent_only = not has_role(user, Role.SUPERVISOR)
    return DashboardFilters(
        start=start, end=end, user=user, agent_only=agent_only, preset="custom", **filters
    )


def new_pqr(
    *,
    team,
    agent,
    received: date,
    type_code: str = "peticion",
    channel: str = "email",
    customer=None,
    moment=None,
    anger: int | None = None,
) -> Pqr:
    return pqr_create(
        actor=agent,
        pqr_type=PqrType.objects.get(code=type_code),
        channel=channel,
        subject="Cobro que no reconozco",
        description="Aparece un cargo que no hice en el extracto.",
        verbal_constancia="Constancia escrita de lo dicho."
        if channel in ("telefono", "presencial")
        else "",
        team=team,
        customer=customer,
        received_at=at(received),
        moment_of_truth=moment,
        anger_level=anger,
        assigned_to=agent,
    )


def resolve(
    pqr: Pqr,
    *,
    on: date,
    days: int | None = None,
    within_legal: bool | None = None,
    cause: str | None = None,
    anger: int | None = None,
) -> Pqr:
    """Resolve through the service (protocol steps justified for quejas/reclamos), then
    pin the resolution date and the stored outcome figures."""
    actor = pqr.assigned_to
    if anger is not None:
        pqr_anger_record(pqr=pqr, level=anger, actor=actor)
    if pqr.pqr_type.requires_protocol:
        for step in ProtocolStepCode.values:
            if step in ALWAYS_APPLICABLE:
                protocol_step_record(pqr=pqr, step=step, actor=actor, note="Hecho con el cliente")
                continue
            protocol_step_not_applicable(
                pqr=pqr, step=step, actor=actor, justification="Caso de prueba sin perjuicio"
            )
    root_cause = RootCause.objects.get(code=cause) if cause else None
    resolve_answered(pqr, actor, root_cause=root_cause, note="Respuesta de fondo")
    Pqr.objects.filter(pk=pqr.pk).update(
        resolved_at=at(on, 15),
        resolution_business_days=days,
        resolved_within_legal=within_legal,
    )
    pqr.refresh_from_db()
    return pqr


def transfer(pqr: Pqr) -> Pqr:
    return pqr_transfer(
        pqr=pqr, actor=pqr.assigned_to, destination="Superintendencia", delivery=_told(pqr)
    )


def desist(pqr: Pqr) -> Pqr:
    return pqr_desist(
        pqr=pqr,
        actor=pqr.assigned_to,
        tacit=False,
        note="El ciudadano retiró la petición por escrito.",
        delivery=_told(pqr),
    )


def reject(pqr: Pqr) -> Pqr:
    return pqr_reject(
        pqr=pqr, actor=pqr.assigned_to, reason="Solicitud irrespetuosa", delivery=_told(pqr)
    )


def _told(pqr: Pqr):
    """By email when the PQR has an address, else in person with a constancia."""
    return None if email_recipient(pqr=pqr) else IN_PERSON


def answer(pqr: Pqr | None, score: int, on: date, **dimensions) -> SurveyResponse:
    """A survey for `pqr` (None: the general form) answered on `on` through the service;
    a low score opens its recovery case, dated the same day."""
    live = SatisfactionSurvey.objects.filter(pqr=pqr, status="pending") if pqr else None
    survey = (live.first() if live is not None else None) or SatisfactionSurvey.objects.create(
        source=SurveySource.PQR if pqr else SurveySource.GENERAL,
        pqr=pqr,
        customer=getattr(pqr, "customer", None),
        sent_at=at(on, 8),
    )
    response = survey_details_record(survey=survey, score=score, **dimensions)
    SurveyResponse.objects.filter(pk=response.pk).update(answered_at=at(on, 9))
    RecoveryCase.objects.filter(survey=survey).update(created_at=at(on, 9))
    return response


# --- a realistic office for the screenshots -----------------------------------------

SHOWCASE_CUSTOMERS = [
    "María Fernanda Restrepo", "Jorge Iván Cárdenas", "Luz Dary Montoya", "Andrés Felipe Ríos",
    "Claudia Patricia Henao", "Hernán Darío Salazar", "Paola Andrea Giraldo", "Óscar Vélez",
    "Sandra Milena Ospina", "Carlos Alberto Duque", "Diana Carolina Zapata", "Juan Pablo Arango",
    "Adriana Lucía Mejía", "Fabio Nelson Quintero", "Natalia Gómez Uribe", "Ricardo Trujillo",
]  # fmt: skip
TYPE_WEIGHTS = {"peticion": 30, "reclamo": 22, "queja": 18, "peticion_informacion": 12,
                "consulta": 8, "sugerencia": 5, "felicitacion": 5}  # fmt: skip
CAUSE_WEIGHTS = {"negligencia": 30, "olvido": 22, "falla_proceso": 16, "falta_experiencia": 11,
                 "indiferencia": 8, "defecto_producto": 6, "tercero": 4}  # fmt: skip
CHANNEL_WEIGHTS = {"email": 34, "web": 26, "telefono": 18, "presencial": 12, "chat": 6, "carta": 4}


def showcase(*, supervisor, first_day: date, last_day: date, count: int = 320, seed: int = 7):
    """An office with three teams over the given dates: complaints with root causes
    (a clear Pareto), one weak moment of truth, customers calmed (mostly), surveys,
    recovery cases, returning and tagged customers, and information requests."""
    import random
    from datetime import timedelta

    from customers.models import DifficultyTag
    from customers.services import customer_tag_assign
    from pqr.models import MomentOfTruth, Team
    from tests.customers.factories import CustomerFactory
    from tests.factories import UserFactory

    rng = random.Random(seed)
    teams = []
    for name, people in [
        ("Facturación", [("Laura", "Betancur"), ("Camilo", "Ruiz")]),
        ("Servicio técnico", [("Valentina", "Correa"), ("Mateo", "Londoño")]),
        ("Atención al ciudadano", [("Isabel", "Pineda")]),
    ]:
        team, _created = Team.objects.get_or_create(name=name)
        team.supervisors.add(supervisor)
        for first, last in people:
            user = UserFactory(
                username=f"{first.lower()}.{last.lower()}",
                first_name=first,
                last_name=last,
                role="Agente",
            )
            team.members.add(user)
            teams.append((team, user))
    customers = [CustomerFactory(full_name=name) for name in SHOWCASE_CUSTOMERS]
    moments = list(MomentOfTruth.objects.order_by("order"))
    weak = moments[1]  # the telephone call, in the default catalogue
    span = (last_day - first_day).days

    def pick(weights: dict) -> str:
        return rng.choices(list(weights), weights=list(weights.values()))[0]

    for n in range(count):
        team, agent = teams[n % len(teams)]
        received = first_day + timedelta(days=rng.randint(0, span))
        type_code = pick(TYPE_WEIGHTS)
        complaint = type_code in ("queja", "reclamo")
        moment = rng.choice(moments + [weak] * 2) if rng.random() < 0.85 else None
        # A handful of customers come back again and again.
        customer = rng.choice(customers[:4] if rng.random() < 0.3 else customers)
        anger = rng.choice([2, 3, 3, 4, 4, 5]) if complaint else rng.choice([None, None, 1, 2])
        pqr = new_pqr(
            team=team,
            agent=agent,
            received=received,
            type_code=type_code,
            channel=pick(CHANNEL_WEIGHTS),
            customer=customer,
            moment=moment,
            anger=anger,
        )
        fate = rng.random()
        if fate < 0.05:
            transfer(pqr)
            continue
        if fate < 0.08:
            desist(pqr)
            continue
        if fate < 0.1:
            reject(pqr)
            continue
        days = max(1, int(rng.gauss(9, 4)))
        done = received + timedelta(days=days + days // 5 * 2)
        if fate > 0.85 or done >= last_day:
            continue  # still pending
        calmer = max(1, anger - rng.choice([0, 1, 2, 2, 3])) if anger else None
        resolve(
            pqr,
            on=done,
            days=days,
            within_legal=days <= 15,
            cause=pick(CAUSE_WEIGHTS) if complaint else None,
            anger=calmer if calmer != anger else None,
        )
        if rng.random() < 0.7:
            base = 4.2 - (1.6 if moment == weak else 0) - (0.8 if days > 15 else 0)
            score = min(5, max(1, round(rng.gauss(base, 0.9))))
            dims = {
                field: min(5, max(1, score + rng.choice([-1, 0, 0, 1])))
                for field in ("courtesy", "communication", "responsiveness", "reliability",
                              "credibility", "understanding", "accessibility", "professionalism")
            }  # fmt: skip
            dims["responsiveness"] = max(1, dims["responsiveness"] - 1)
            response = answer(
                pqr, score, min(done + timedelta(days=rng.randint(0, 3)), last_day), **dims
            )
            if score <= 2 and rng.random() < 0.6:
                recovery_case_update(
                    case=RecoveryCase.objects.get(survey=response.survey),
                    actor=supervisor,
                    action="Llamada del supervisor y ajuste del cobro.",
                    outcome="recovered",
                    close=True,
                )
        else:
            SatisfactionSurvey.objects.create(
                source=SurveySource.PQR, pqr=pqr, customer=customer, sent_at=at(done, 8)
            )
    tags = list(DifficultyTag.objects.order_by("order")[:3])
    for customer, tag in zip(customers[:4], tags + tags[:1], strict=False):
        customer_tag_assign(
            customer=customer, tag=tag, reason="Observado en la atención", actor=supervisor
        )
    return teams
