"""Expiry of unanswered surveys: lazily when one is touched, and in bulk by beat."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import SatisfactionSurvey, SurveyEvent, SurveyStatus
from .events import survey_event_record


def expiry_days() -> int:
    return getattr(settings, "SURVEY_EXPIRY_DAYS", 30)


def grace_period() -> timedelta:
    return timedelta(hours=getattr(settings, "SURVEY_SCORE_GRACE_HOURS", 24))


def survey_expire_if_due(*, survey: SatisfactionSurvey) -> SatisfactionSurvey:
    """Mark a pending survey past its expiry as expired (lazily, when touched)."""
    if (
        survey.status == SurveyStatus.PENDING
        and survey.expires_at is not None
        and survey.expires_at <= timezone.now()
    ):
        survey.status = SurveyStatus.EXPIRED
        survey.save(update_fields=["status"])
        survey_event_record(survey, "expired")
    return survey


EXPIRY_BATCH = 5000


def surveys_expire_due() -> int:
    """Expire every pending survey past its date, in batches of set-based statements.

    SKIP LOCKED leaves a survey that someone is answering right now to the next run.
    Returns how many surveys were expired.
    """
    total = 0
    while True:
        with transaction.atomic():
            due = SatisfactionSurvey.objects.filter(
                status=SurveyStatus.PENDING, expires_at__lte=timezone.now()
            )
            ids = list(
                due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:EXPIRY_BATCH]
            )
            if not ids:
                return total
            SatisfactionSurvey.objects.filter(pk__in=ids).update(status=SurveyStatus.EXPIRED)
            SurveyEvent.objects.bulk_create(
                [SurveyEvent(survey_id=pk, kind="expired") for pk in ids]
            )
        total += len(ids)
        if len(ids) < EXPIRY_BATCH:
            return total
