"""Reads of the answer area: templates an agent may pick, notifications and letters
of a PQR, the public notices on show."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .emails import email_language
from .models import AnswerLetter, AnswerTemplate, CustomerNotification, Pqr, PublicNotice
from .visibility import pqr_visible_to


def answer_templates_for(*, pqr: Pqr) -> QuerySet[AnswerTemplate]:
    """Active templates for this PQR's type (or any type) and root cause (or any),
    in the customer's language, the most specific first."""
    qs = AnswerTemplate.objects.filter(is_active=True, language=email_language(pqr)).filter(
        Q(pqr_type__isnull=True) | Q(pqr_type_id=pqr.pqr_type_id)
    )
    if pqr.root_cause_id:
        qs = qs.filter(Q(root_cause__isnull=True) | Q(root_cause_id=pqr.root_cause_id))
    return qs.order_by("pqr_type_id", "root_cause_id", "name")


def answer_template_for_pqr(*, pqr: Pqr, pk: int) -> AnswerTemplate:
    return get_object_or_404(answer_templates_for(pqr=pqr), pk=pk)


def answer_templates_all() -> QuerySet[AnswerTemplate]:
    return AnswerTemplate.objects.select_related("pqr_type", "root_cause", "updated_by").order_by(
        "-is_active", "pqr_type__order", "name", "language"
    )


def pqr_notifications(*, pqr: Pqr) -> list[CustomerNotification]:
    return list(
        CustomerNotification.objects.filter(pqr=pqr)
        .select_related("created_by", "notice", "message__letter")
        .order_by("created_at", "id")
    )


def letter_for_user(*, user, pk: int) -> AnswerLetter:
    visible = pqr_visible_to(user=user).values("id")
    # A letter whose PDF was erased with its holder's data keeps only its register.
    letters = AnswerLetter.objects.filter(pqr_id__in=visible).exclude(file="")
    return get_object_or_404(letters, pk=pk)


def notification_for_user(*, user, pk: int) -> CustomerNotification:
    visible = pqr_visible_to(user=user).values("id")
    return get_object_or_404(
        CustomerNotification.objects.filter(pqr_id__in=visible).select_related("pqr"), pk=pk
    )


def public_notices_current(*, today=None) -> QuerySet[PublicNotice]:
    """Notices whose five business days have not ended (none with personal data)."""
    today = today or timezone.localdate()
    return (
        PublicNotice.objects.filter(published_on__lte=today, published_until__gte=today)
        .select_related("pqr", "notification")
        .only(
            "id",
            "text",
            "published_on",
            "published_until",
            "pqr__radicado",
            "notification__decision",
        )
        .order_by("-published_on", "-id")
    )
