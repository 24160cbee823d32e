"""What a customer or visitor answers: the score, the details, the general form."""

from django.db import transaction
from django.utils import timezone

from .. import tokens
from ..models import (
    DIMENSION_FIELDS,
    SatisfactionSurvey,
    SurveyResponse,
    SurveySource,
    SurveyStatus,
)
from .events import survey_event_record
from .expiry import grace_period, survey_expire_if_due
from .recovery import recovery_open_if_low


def survey_by_token(raw: str) -> SatisfactionSurvey | None:
    if not raw or len(raw) > 100:
        return None
    survey = (
        SatisfactionSurvey.objects.select_related("response")
        .filter(token_hash=tokens.token_hash(raw))
        .first()
    )
    if survey is not None:
        survey_expire_if_due(survey=survey)
    return survey


def survey_can_change(survey: SatisfactionSurvey) -> bool:
    """Open while pending; once answered, editable only within the grace period."""
    if survey.status == SurveyStatus.PENDING:
        return True
    if survey.status == SurveyStatus.ANSWERED:
        response = getattr(survey, "response", None)
        return response is not None and timezone.now() < response.answered_at + grace_period()
    return False


@transaction.atomic
def survey_score_record(*, survey: SatisfactionSurvey, score: int) -> SurveyResponse:
    """Record (or, within the grace period, change) the overall score."""
    survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
    if not survey_can_change(survey):
        raise PermissionError("survey closed")
    response = SurveyResponse.objects.filter(survey=survey).first()
    if response is None:
        response = SurveyResponse.objects.create(
            survey=survey, score=score, answered_at=timezone.now()
        )
        survey.status = SurveyStatus.ANSWERED
        survey.save(update_fields=["status"])
        survey_event_record(survey, "answered", note=str(score))
    elif response.score != score:
        old = response.score
        response.score = score
        response.save(update_fields=["score", "updated_at"])
        survey_event_record(survey, "score_changed", note=f"{old} -> {score}")
    recovery_open_if_low(survey=survey, response=response)
    return response


@transaction.atomic
def survey_details_record(
    *, survey: SatisfactionSurvey, score: int, comment: str = "", **dimensions: int | None
) -> SurveyResponse:
    """Score plus optional dimension ratings and comment from the survey page."""
    response = survey_score_record(survey=survey, score=score)
    for field in DIMENSION_FIELDS:
        setattr(response, field, dimensions.get(field))
    response.comment = comment.strip()
    response.save(update_fields=[*DIMENSION_FIELDS, "comment", "updated_at"])
    survey_event_record(survey, "details")
    recovery_open_if_low(survey=survey, response=response)
    return response


@transaction.atomic
def survey_general_submit(
    *,
    score: int,
    comment: str = "",
    point_of_service=None,
    contact_consent: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    **dimensions: int | None,
) -> SurveyResponse:
    """A visitor's answer on the public general form (no PQR, no token)."""
    now = timezone.now()
    survey = SatisfactionSurvey.objects.create(
        source=SurveySource.GENERAL, status=SurveyStatus.ANSWERED, sent_at=now
    )
    contact = {}
    if contact_consent:
        contact = {
            "contact_name": contact_name.strip(),
            "contact_email": contact_email.strip(),
            "contact_phone": contact_phone.strip(),
            "contact_consent_at": now,
        }
    response = SurveyResponse.objects.create(
        survey=survey,
        score=score,
        comment=comment.strip(),
        point_of_service=point_of_service,
        answered_at=now,
        **{field: dimensions.get(field) for field in DIMENSION_FIELDS},
        **contact,
    )
    survey_event_record(survey, "answered", note=str(score))
    recovery_open_if_low(survey=survey, response=response)
    return response
