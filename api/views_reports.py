"""The report endpoints (scope `reports`): the two legal reports as JSON, the survey
results, and the calendar's due-date check. Parse, call one selector, serialise."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import Scope
from .problems import FieldErrors
from .selectors_reports import (
    api_due_date,
    api_information_report,
    api_pqrs_report,
    api_survey_results,
    key_team_ids,
    legal_term_for,
    report_filters,
)
from .serializers_reports import (
    DueDateOut,
    DueDateQuery,
    InformationQuery,
    InformationReportOut,
    PqrsReportOut,
    ReportQuery,
    SurveyResultsOut,
)


def _filters(request, query_class=ReportQuery):
    query = query_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    filters, errors = report_filters(
        user=request.user, team_ids=key_team_ids(request.auth), params=query.validated_data
    )
    if errors:
        raise FieldErrors(errors)
    return filters, query.validated_data


class _PeriodReport(APIView):
    """A report of a period for the key's teams: parse the filters, call the selector,
    serialise its answer."""

    required_scope = Scope.REPORTS
    selector = None
    serializer = None

    def get(self, request):
        filters, _params = _filters(request)
        return Response(self.serializer(self.selector(filters)).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="reports_pqrs", parameters=[ReportQuery], responses={200: PqrsReportOut}
    )
)
class PqrsReport(_PeriodReport):
    """PQRS report (Ley 1474/2011 art. 76): received PQRs by type, channel, team and
    root cause with how they ended, the comparison with the previous semester, and the
    late and pending cases (at most 200 each; `truncated` says when there are more)."""

    selector = staticmethod(api_pqrs_report)
    serializer = PqrsReportOut


class InformationReport(APIView):
    """Information-requests report (Ley 1712/2014, Decreto 1081/2015 art. 2.1.1.6.2):
    received, transferred, denied, response times; the per-request table 50 a page."""

    required_scope = Scope.REPORTS

    @extend_schema(
        operation_id="reports_information",
        parameters=[InformationQuery],
        responses={200: InformationReportOut},
    )
    def get(self, request):
        filters, params = _filters(request, InformationQuery)
        report = api_information_report(filters, page=params["page"])
        return Response(InformationReportOut(report).data)


@extend_schema_view(
    get=extend_schema(
        operation_id="surveys_results", parameters=[ReportQuery], responses={200: SurveyResultsOut}
    )
)
class SurveyResults(_PeriodReport):
    """Satisfaction results of the period: CSAT, average, score distribution, the eight
    dimensions, response rate, recovery cases, the trend and breakdowns by agent, team
    and type (the survey results page's and satisfaction dashboard's figures)."""

    selector = staticmethod(api_survey_results)
    serializer = SurveyResultsOut


class DueDate(APIView):
    """The calendar's due-date check: the legal due date of a PQR of a type received at
    a moment, in business days of the office's calendar, with the law behind it."""

    required_scope = Scope.REPORTS

    @extend_schema(
        operation_id="calendar_due_date", parameters=[DueDateQuery], responses={200: DueDateOut}
    )
    def get(self, request):
        query = DueDateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        term = legal_term_for(code=params["type"])
        if term is None:
            message = _("Ese tipo de PQR no existe o no tiene término legal.")
            raise FieldErrors([{"field": "type", "message": message, "code": "invalid"}])
        answer = api_due_date(
            term=term, received_at=params["received_at"], regime=params.get("regime")
        )
        return Response(DueDateOut(answer).data)
