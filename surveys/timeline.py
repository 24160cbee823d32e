"""Timeline entries for the customer profile and the PQR detail page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from customers.timeline import TimelineEntry

from .models import SatisfactionSurvey, SurveyStatus
from .selectors import scope_to_user


def survey_entries(surveys) -> list[TimelineEntry]:
    """One entry per survey, each read with its response, recovery case and PQR."""
    entries = []
    for survey in surveys:
        response = getattr(survey, "response", None)
        case = getattr(survey, "recovery_case", None)
        pqr = survey.pqr
        if response is not None:
            title = _("Encuesta respondida: %(score)s de 5") % {"score": response.score}
            detail = response.comment
            when = response.answered_at
        elif survey.status == SurveyStatus.EXPIRED:
            title, detail, when = _("Encuesta vencida sin respuesta"), "", survey.expires_at
        else:
            title, detail, when = _("Encuesta enviada"), "", survey.sent_at or survey.created_at
        if pqr is not None:
            title = f"{title} · {pqr.radicado}"
        url = ""
        if case is not None:
            title = f"{title} · {_('recuperación')} ({case.get_status_display().lower()})"
            url = reverse("surveys:recovery_detail", args=[case.pk])
        icon = "emoji-frown" if response is not None and response.score <= 2 else "star"
        entries.append(
            TimelineEntry(when=when, kind="survey", title=title, detail=detail, url=url, icon=icon)
        )
    return entries


def _base():
    return SatisfactionSurvey.objects.select_related("response", "recovery_case", "pqr")


def survey_entries_for_customer(customer, limit: int = 50, user=None) -> list[TimelineEntry]:
    surveys = _base().filter(customer=customer)
    if user is not None:
        surveys = scope_to_user(user, surveys)
    return survey_entries(surveys.order_by("-created_at")[:limit])


def survey_entries_for_pqr(pqr) -> list[TimelineEntry]:
    return survey_entries(_base().filter(pqr=pqr).order_by("-created_at"))
