"""Every write of the surveys app.

- survey_invite_after_resolution(pqr=...): called by the PQR resolve service inside
  its transaction; queues (on commit) the Celery task that creates at most one
  satisfaction survey per PQR and emails it.
- The invitation says "we answered your request", so it is sent only once the answer
  went out (`pqr.notification_status.answer_went_out`); when the answer's email is
  accepted later, `survey_invite_when_answer_out` queues it again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.jobs import enqueue_on_commit
from core.mail import stable_message_id
from customers.erasure import erased_text_placeholder
from pqr.consent import pqr_survey_address
from pqr.models import WENT_OUT, CustomerNotification, NotificationDecision
from pqr.notification_status import answer_went_out
from sla.services import alert_raise

from . import tokens
from .models import (
    DIMENSION_FIELDS,
    RECOVERY_THRESHOLD,
    RecoveryCase,
    RecoveryStatus,
    SatisfactionSurvey,
    SurveyEvent,
    SurveyResponse,
    SurveySource,
    SurveyStatus,
)

logger = logging.getLogger(__name__)


def expiry_days() -> int:
    return getattr(settings, "SURVEY_EXPIRY_DAYS", 30)


def grace_period() -> timedelta:
    return timedelta(hours=getattr(settings, "SURVEY_SCORE_GRACE_HOURS", 24))


def survey_invite_after_resolution(*, pqr) -> None:
    """Write the pending invitation in the resolving transaction (a rollback leaves
    none), and queue its sending once that commits. A broker that is down loses
    nothing: `surveys_send_pending` (beat) sends invitations that were never sent."""
    # Read again: the caller's object may predate a change made in this transaction
    # (the language the survey is written in, the consent it may use).
    pqr = type(pqr).objects.select_related("customer").get(pk=pqr.pk)
    survey = survey_invitation_create(pqr=pqr)
    if survey is not None and survey.sent_at is None:
        enqueue_on_commit("surveys.tasks.survey_invitation_send_task", pqr.pk)


PENDING_BATCH = 100


def surveys_send_pending(*, now=None) -> int:
    """Beat: send the invitations written at resolution that are still unsent while
    their answer went out (their task was never queued or never ran). Stops at the
    first SMTP failure: the server is down, the rest waits for the next run."""
    now = now or timezone.now()
    answer_out = CustomerNotification.objects.filter(
        pqr=OuterRef("pqr"), decision=NotificationDecision.ANSWER, status__in=WENT_OUT
    )
    due = (
        SatisfactionSurvey.objects.filter(
            source=SurveySource.PQR,
            status=SurveyStatus.PENDING,
            sent_at__isnull=True,
            created_at__lt=now - settings.OUTBOX_REQUEUE_AFTER,
        )
        .filter(Exists(answer_out))
        .order_by("created_at")[:PENDING_BATCH]
    )
    sent = 0
    for survey in list(due):
        try:
            sent += survey_invitation_send(survey=survey)
        except Exception as exc:
            logger.warning("survey invitation %s not sent (%s)", survey.pk, type(exc).__name__)
            break
    return sent


RESOLVED_STATUSES = ("resuelto", "cerrado")


def survey_invite_when_answer_out(notification) -> None:
    """Listener of `pqr.notification_status`: the answer of a resolved PQR has just
    gone out, so its invitation may be sent now."""
    if notification.pqr.status in RESOLVED_STATUSES:
        survey_invite_after_resolution(pqr=notification.pqr)


def _language_for(pqr) -> str:
    customer = pqr.customer
    language = (
        getattr(pqr, "language", "")
        or getattr(customer, "language", "")
        or getattr(customer, "preferred_language", "")
        or ""
    )
    return "en" if str(language).lower().startswith("en") else "es-co"


def survey_recipient(*, pqr) -> str | None:
    """The address a survey may go to, or None (consent per purpose: pqr.consent)."""
    return pqr_survey_address(pqr=pqr)


def _event(survey: SatisfactionSurvey, kind: str, note: str = "", actor=None) -> None:
    SurveyEvent.objects.create(survey=survey, kind=kind, note=note, actor=actor)


def survey_expire_if_due(*, survey: SatisfactionSurvey) -> SatisfactionSurvey:
    """Mark a pending survey past its expiry as expired (lazily, when touched)."""
    if (
        survey.status == SurveyStatus.PENDING
        and survey.expires_at is not None
        and survey.expires_at <= timezone.now()
    ):
        survey.status = SurveyStatus.EXPIRED
        survey.save(update_fields=["status"])
        _event(survey, "expired")
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


@transaction.atomic
def survey_invitation_create(*, pqr) -> SatisfactionSurvey | None:
    """The PQR's live survey, creating it when none exists; None when not eligible.

    A re-resolved PQR keeps its first survey unless that one expired unanswered.
    The partial unique constraint on (pqr) makes a concurrent duplicate harmless.
    """
    email = survey_recipient(pqr=pqr)
    if email is None:
        return None
    for survey in SatisfactionSurvey.objects.select_for_update().filter(pqr=pqr):
        survey_expire_if_due(survey=survey)
        if survey.status != SurveyStatus.EXPIRED:
            return survey
    try:
        with transaction.atomic():
            survey = SatisfactionSurvey.objects.create(
                source=SurveySource.PQR,
                pqr=pqr,
                customer=pqr.customer,
                language=_language_for(pqr),
            )
    except IntegrityError:
        return SatisfactionSurvey.objects.exclude(status=SurveyStatus.EXPIRED).get(pqr=pqr)
    _event(survey, "created")
    return survey


def score_links(raw: str) -> list[tuple[int, str]]:
    base = settings.SITE_URL.rstrip("/")
    return [
        (
            score,
            base + reverse("surveys:score", kwargs={"signed": tokens.score_link_sign(raw, score)}),
        )
        for score in range(5, 0, -1)
    ]


@transaction.atomic
def survey_invitation_send(*, survey: SatisfactionSurvey) -> bool:
    """Email the invitation once. A retry after a failed send (or a crash after the
    server accepted it) carries the same token and Message-ID."""
    survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.sent_at is not None or survey.status != SurveyStatus.PENDING:
        return False
    pqr = survey.pqr
    if not answer_went_out(pqr):
        return False  # queued again when the answer goes out
    email = survey_recipient(pqr=pqr)
    if email is None:
        return False
    raw = tokens.token_for_survey(survey.pk, survey.created_at)
    now = timezone.now()
    survey.token_hash = tokens.token_hash(raw)
    survey.sent_at = now
    survey.expires_at = now + timedelta(days=expiry_days())
    survey.save(update_fields=["token_hash", "sent_at", "expires_at"])
    _event(survey, "sent")
    base = settings.SITE_URL.rstrip("/")
    context = {
        "pqr": pqr,
        "links": score_links(raw),
        "survey_url": base + reverse("surveys:public_survey", kwargs={"token": raw}),
        "expires_at": survey.expires_at,
        "name": pqr.customer.full_name if pqr.customer else "",
    }
    with translation.override(survey.language):
        subject = str(_subject(pqr))
        text = render_to_string("surveys/email/invitation.txt", context)
        html = render_to_string("surveys/email/invitation.html", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[email],
        headers={"Message-ID": stable_message_id("survey", survey.pk)},
    )
    message.attach_alternative(html, "text/html")
    # Sending inside the transaction: if the SMTP call fails the token and sent_at roll
    # back and the task's retry starts clean.
    message.send()
    return True


def _subject(pqr):
    return gettext("¿Cómo calificaría nuestro servicio? (%(radicado)s)") % {
        "radicado": pqr.radicado
    }


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
        _event(survey, "answered", note=str(score))
    elif response.score != score:
        old = response.score
        response.score = score
        response.save(update_fields=["score", "updated_at"])
        _event(survey, "score_changed", note=f"{old} -> {score}")
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
    _event(survey, "details")
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
    _event(survey, "answered", note=str(score))
    recovery_open_if_low(survey=survey, response=response)
    return response


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
    _event(survey, "recovery_opened", note=str(case.pk))
    if pqr is not None:
        alert_raise(pqr=pqr, kind="recovery", detail=response.comment[:500])


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
    _event(case.survey, "recovery_closed" if close else "recovery_action", actor=actor)
    return case


def survey_personal_data_erase(customer) -> dict[str, int]:
    """Anonymisation: comments and contact details go, scores stay for the statistics."""
    responses = SurveyResponse.objects.filter(survey__customer=customer).update(
        comment="", contact_name="", contact_email="", contact_phone=""
    )
    cases = RecoveryCase.objects.filter(customer=customer).update(comment="")
    RecoveryCase.objects.filter(customer=customer).exclude(action="").update(
        action=erased_text_placeholder()
    )
    return {"surveys.SurveyResponse": responses, "surveys.RecoveryCase": cases}
