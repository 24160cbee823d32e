"""Service recovery: a low score opens a case for the team's supervisor."""

from django.db import transaction
from django.utils import timezone

from sla.services import alert_raise

from ..models import (
    RECOVERY_THRESHOLD,
    RecoveryCase,
    RecoveryStatus,
    SatisfactionSurvey,
    SurveyResponse,
)
from .events import survey_event_record


def _team_supervisor(pqr):
    team = getattr(pqr, "team", None) if pqr is not None else None
    if team is None:
        return None
    return team.supervisors.filter(is_active=True).order_by("pk").first()


def recovery_open_if_low(*, survey: SatisfactionSurvey, response: SurveyResponse) -> None:
    """A score of 1-2 opens exactly one recovery case per survey and alerts the supervisor.

    A later comment is copied onto the open case so that the supervisor reads it.
    """
    if response.score > RECOVERY_THRESHOLD:
        return
    case = RecoveryCase.objects.filter(survey=survey).first()
    if case is not None:
        if case.status == RecoveryStatus.OPEN and (
            case.comment != response.comment or case.score != response.score
        ):
            case.comment = response.comment
            case.score = response.score
            case.save(update_fields=["comment", "score"])
        return
    pqr = getattr(survey, "pqr", None)
    case = RecoveryCase.objects.create(
        survey=survey,
        customer=survey.customer,
        assigned_to=_team_supervisor(pqr),
        score=response.score,
        comment=response.comment,
    )
    survey_event_record(survey, "recovery_opened", note=str(case.pk))
    if pqr is not None:
        alert_raise(
            pqr=pqr, kind="recovery", threshold=f"s{survey.pk}", detail=response.comment[:500]
        )


@transaction.atomic
def recovery_case_update(
    *, case: RecoveryCase, actor, action: str, outcome: str = "", close: bool = False
) -> RecoveryCase:
    """The supervisor records what was done and, when closing, the outcome."""
    case = RecoveryCase.objects.select_for_update().get(pk=case.pk)
    case.action = action.strip()
    case.outcome = outcome
    fields = ["action", "outcome"]
    if close and case.status == RecoveryStatus.OPEN:
        case.status = RecoveryStatus.CLOSED
        case.closed_at = timezone.now()
        case.closed_by = actor
        fields += ["status", "closed_at", "closed_by"]
    case.save(update_fields=fields)
    survey_event_record(case.survey, "recovery_closed" if close else "recovery_action", actor=actor)
    return case
