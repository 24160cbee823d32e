from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.mixins import role_required
from core.ratelimit import rate_limit_exceeded
from core.roles import Role, has_role
from core.spreadsheets import csv_dialect_for, csv_response
from pqr.models import Channel

from . import selectors, services, tokens
from .forms import GeneralSurveyForm, RecoveryCaseForm, ResultsFilterForm, SurveyAnswerForm
from .models import DIMENSIONS, PointOfService, Score, SurveySource, SurveyStatus
from .scanners import is_link_scanner

# Public pages ---------------------------------------------------------------


def _invalid(request):
    # One page for unknown tokens and bad signatures: nothing tells them apart.
    return render(request, "surveys/public_invalid.html", status=404)


def _closed_page(request, survey):
    if survey.status == SurveyStatus.EXPIRED:
        return render(request, "surveys/public_expired.html", status=410)
    return render(request, "surveys/public_answered.html", {"survey": survey})


@require_http_methods(["GET", "HEAD"])
def score_click(request, signed: str):
    """A score link from the email. Mail scanners open every link, so a GET records
    nothing: it shows the survey with the chosen score selected and one confirm button,
    and only that form's POST records the score."""
    parsed = tokens.score_link_read(signed)
    if parsed is None or parsed[1] not in Score.values:
        return _invalid(request)
    raw, score = parsed
    survey = services.survey_by_token(raw)
    if survey is None:
        return _invalid(request)
    with translation.override(survey.language):
        if not services.survey_can_change(survey):
            return _closed_page(request, survey)
        return _survey_page(
            request, survey, raw, SurveyAnswerForm(initial=_initial(survey, score)), chosen=score
        )


def _initial(survey, score: int | None = None) -> dict:
    response = getattr(survey, "response", None)
    initial = {}
    if response is not None:
        initial = {"score": response.score, "comment": response.comment}
        initial.update({name: getattr(response, name) for name, _l in DIMENSIONS})
    if score is not None:
        initial["score"] = score
    return initial


def _survey_page(request, survey, raw: str, form, *, chosen=None, refused=False, status=200):
    return render(
        request,
        "surveys/public_survey.html",
        {
            "survey": survey,
            "form": form,
            "chosen": chosen,
            "refused": refused,
            "response": getattr(survey, "response", None),
            "action": reverse("surveys:public_survey", kwargs={"token": raw}),
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def public_survey(request, token: str):
    survey = services.survey_by_token(token)
    if survey is None:
        return _invalid(request)
    with translation.override(survey.language):
        if not services.survey_can_change(survey):
            return _closed_page(request, survey)
        if request.method != "POST":
            return _survey_page(request, survey, token, SurveyAnswerForm(initial=_initial(survey)))
        form = SurveyAnswerForm(request.POST)
        if is_link_scanner(request):
            # A scanner that posts the form never counts; a person can still answer.
            return _survey_page(request, survey, token, form, refused=True, status=403)
        if not form.is_valid():
            return _survey_page(request, survey, token, form, status=400)
        services.survey_details_record(
            survey=survey,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
            **form.dimension_values(),
        )
        return render(request, "surveys/public_thanks.html", {"survey": survey})


@require_http_methods(["GET", "POST"])
def public_general(request):
    if request.method == "POST":
        if rate_limit_exceeded(request, "survey-general"):
            return render(request, "surveys/public_rate_limited.html", status=429)
        form = GeneralSurveyForm(request.POST)
        if form.is_bot():
            return redirect("surveys:general_thanks")
        if form.is_valid():
            data = form.cleaned_data
            services.survey_general_submit(
                score=data["score"],
                comment=data["comment"],
                point_of_service=data["point_of_service"],
                contact_consent=data["contact_consent"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                **form.dimension_values(),
            )
            return redirect("surveys:general_thanks")
    else:
        initial = {}
        point = request.GET.get("punto", "")
        if point.isdigit() and PointOfService.objects.filter(pk=point, is_active=True).exists():
            initial["point_of_service"] = int(point)
        form = GeneralSurveyForm(initial=initial)
    return render(request, "surveys/public_general.html", {"form": form})


def general_thanks(request):
    return render(request, "surveys/public_thanks.html", {"general": True})


# Staff pages ----------------------------------------------------------------


def _results_form(request):
    user = request.user
    return ResultsFilterForm(
        request.GET or None,
        teams=selectors.teams_visible_to(user),
        agents=selectors.agents_visible_to(user),
    )


@role_required(Role.AGENT)
def results(request):
    form = _results_form(request)
    filters = form.filters() if form.is_bound else {}
    summary = selectors.results_summary(user=request.user, filters=filters)
    comments = Paginator(selectors.comments_for(user=request.user, filters=filters), 20)
    page = comments.get_page(request.GET.get("pagina"))
    cases = selectors.recovery_cases_for(user=request.user, filters=filters)[:20]
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "surveys/results.html",
        {
            "form": form,
            "summary": summary,
            "dimensions": [(label, summary["dimensions"][name]) for name, label in DIMENSIONS],
            "comments": page,
            "cases": cases,
            "query": query.urlencode(),
        },
    )


def _csv_row(row: tuple) -> list:
    """Labels instead of stored codes, as the results page shows them."""
    answered_at, source, radicado, team, type_name, channel, *rest = row
    return [
        answered_at,
        SurveySource(source).label,
        radicado,
        team,
        _(type_name) if type_name else None,
        Channel(channel).label if channel else None,
        *rest,
    ]


@role_required(Role.AGENT)
def results_csv(request):
    form = _results_form(request)
    filters = form.filters() if form.is_bound else {}
    header = [
        _("Fecha"),
        _("Origen"),
        _("Radicado"),
        _("Equipo"),
        _("Tipo"),
        _("Canal"),
        _("Punto de atención"),
        _("Calificación"),
        *[str(label) for _n, label in DIMENSIONS],
        _("Comentario"),
    ]
    return csv_response(
        filename="encuestas.csv",
        header=header,
        rows=(_csv_row(row) for row in selectors.export_rows(user=request.user, filters=filters)),
        dialect=csv_dialect_for(request),
    )


@role_required(Role.AGENT)
@require_http_methods(["GET", "POST"])
def recovery_detail(request, pk: int):
    case = get_object_or_404(selectors.recovery_cases_for(user=request.user), pk=pk)
    can_edit = has_role(request.user, Role.SUPERVISOR) or case.assigned_to_id == request.user.pk
    form = RecoveryCaseForm(request.POST or None, instance=case)
    if request.method == "POST":
        if not can_edit:
            return HttpResponse(status=403)
        if form.is_valid():
            services.recovery_case_update(
                case=case,
                actor=request.user,
                action=form.cleaned_data["action"],
                outcome=form.cleaned_data["outcome"],
                close=form.cleaned_data["close"],
            )
            return redirect("surveys:recovery_detail", pk=case.pk)
    return render(
        request,
        "surveys/recovery_detail.html",
        {"case": case, "form": form, "can_edit": can_edit, "response": case.survey.response},
    )
