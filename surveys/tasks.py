from smtplib import SMTPException

from celery import shared_task

from pqr.models import Pqr

from .services import (
    survey_invitation_create,
    survey_invitation_send,
    surveys_expire_due,
    surveys_send_pending,
)


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, OSError),
    retry_backoff=30,
    # Capped below the broker's visibility timeout; past the retries the beat job
    # (surveys_send_pending_task) keeps trying.
    retry_backoff_max=300,
    max_retries=8,
)
def survey_invitation_send_task(pqr_id: int) -> int | None:
    """Create the PQR's survey if due and email it; returns the survey id."""
    pqr = Pqr.objects.select_related("customer", "team").filter(pk=pqr_id).first()
    if pqr is None:
        return None
    survey = survey_invitation_create(pqr=pqr)
    if survey is None:
        return None
    survey_invitation_send(survey=survey)
    return survey.pk


@shared_task(ignore_result=True)
def surveys_send_pending_task() -> int:
    """Beat job: invitations written at resolution that never went out."""
    return surveys_send_pending()


@shared_task
def surveys_expire_due_task() -> int:
    """Beat job: pending surveys past expires_at become expired (results, timelines)."""
    return surveys_expire_due()
