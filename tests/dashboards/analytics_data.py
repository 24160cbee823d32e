"""Builders for the satisfaction, causes and report tests: real services, then the
timestamps and stored outcome figures set deliberately so every expected number can be
worked out by hand."""

from datetime import date, datetime, time

from django.utils import timezone

from dashboards.filters import DashboardFilters
from pqr.models import Pqr, PqrType, ProtocolStepCode, RootCause
from pqr.services import (
    pqr_anger_record,
    pqr_create,
    pqr_desist,
    pqr_reject,
    pqr_resolve,
    pqr_transfer,
    protocol_step_not_applicable,
)
from surveys.models import RecoveryCase, SatisfactionSurvey, SurveyResponse, SurveySource
from surveys.services import survey_details_record


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
        verbal_constancia="Constancia escrita de la llamada." if channel == "telefono" else "",
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
            protocol_step_not_applicable(
                pqr=pqr, step=step, actor=actor, justification="Caso de prueba"
            )
    root_cause = RootCause.objects.get(code=cause) if cause else None
    pqr_resolve(pqr=pqr, actor=actor, root_cause=root_cause, note="Respuesta de fondo")
    Pqr.objects.filter(pk=pqr.pk).update(
        resolved_at=at(on, 15),
        resolution_business_days=days,
        resolved_within_legal=within_legal,
    )
    pqr.refresh_from_db()
    return pqr


def transfer(pqr: Pqr) -> Pqr:
    return pqr_transfer(pqr=pqr, actor=pqr.assigned_to, destination="Superintendencia")


def desist(pqr: Pqr) -> Pqr:
    return pqr_desist(pqr=pqr, actor=pqr.assigned_to, tacit=True)


def reject(pqr: Pqr) -> Pqr:
    return pqr_reject(pqr=pqr, actor=pqr.assigned_to, reason="Solicitud irrespetuosa")


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
