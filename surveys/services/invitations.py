"""Creating and sending the satisfaction survey of a resolved PQR.

- survey_invite_after_resolution(pqr=...): called by the PQR resolve service inside
  its transaction; writes the pending invitation and queues (on commit) its sending.
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
from core.mail import email_html_inline, stable_message_id
from pqr.consent import pqr_survey_address
from pqr.models import WENT_OUT, CustomerNotification, NotificationDecision
from pqr.notification_status import answer_went_out

from .. import tokens
from ..models import SatisfactionSurvey, SurveySource, SurveyStatus
from .events import survey_event_record
from .expiry import expiry_days, survey_expire_if_due

logger = logging.getLogger(__name__)


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
    survey_event_record(survey, "created")
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
    survey_event_record(survey, "sent")
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
        html = email_html_inline(render_to_string("surveys/email/invitation.html", context))
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
