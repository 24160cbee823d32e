"""Legal reports: the printable page, or the same tables as CSV/XLSX with ?format=."""

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from core.mixins import role_required
from core.roles import Role
from core.spreadsheets import csv_dialect_for

from .drill import report_links
from .exports import FORMATS, export_response
from .filters import dashboard_filters
from .freshness import RollupAge
from .pages import render_dashboard
from .report_files import report_heading
from .reports import (
    INFORMATION_TYPE_CODES,
    REQUESTS_PER_PAGE,
    information_params,
    information_report,
    information_requests,
    pqrs_report,
)
from .rollups_reports import information_figures, pqrs_figures, rollup_usable

# Cases of each list the report page shows (downloads: all of them).
PAGE_CASES = 500


def _export_format(request) -> str | None:
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else None


def _filename(stem: str, filters) -> str:
    return f"{stem}-{filters.start.isoformat()}-{filters.end.isoformat()}"


@role_required(Role.SUPERVISOR)
def report_pqrs(request):
    form, filters = dashboard_filters(request)
    fmt = _export_format(request)
    # The downloads list every case; the page the first ones, with a link to all of
    # them in the queue (a semester at 1M PQRs holds some 250,000: issue 18).
    # The page's figures from the reports' rollup (the downloads count live: exact).
    figures = pqrs_figures(filters) if not fmt and rollup_usable(filters) else None
    report = pqrs_report(filters, case_limit=None if fmt else PAGE_CASES, figures=figures)
    heading = report_heading(_("Informe de PQRS"), filters)
    if fmt:
        return export_response(
            tables=report["tables"],
            fmt=fmt,
            filename=_filename("informe-pqrs", filters),
            heading=heading,
            dialect=csv_dialect_for(request),
        )
    report_links(filters, report["tables"])
    return render_dashboard(
        request,
        "dashboards/report_pqrs.html",
        tab="reports",
        form=form,
        filters=filters,
        report=report,
        heading=heading,
        report_tab="pqrs",
        age=_age(figures),
    )


@role_required(Role.SUPERVISOR)
def report_information(request):
    form, filters = dashboard_filters(request)
    heading = report_heading(_("Informe de solicitudes de acceso a la información"), filters)
    fmt = _export_format(request)
    if fmt:
        report = information_report(filters)
        return export_response(
            tables=report["tables"],
            fmt=fmt,
            filename=_filename("informe-solicitudes-informacion", filters),
            heading=heading,
            dialect=csv_dialect_for(request),
        )
    summary = computed_at = None
    paginator = Paginator(information_requests(filters), REQUESTS_PER_PAGE)
    if rollup_usable(filters, by_type=True):
        summary, computed_at = information_figures(filters, INFORMATION_TYPE_CODES)
        paginator.count = summary["received"]  # the same requests: no COUNT(*) of them
    page = paginator.get_page(request.GET.get("pagina"))
    report = information_report(filters, requests=page.object_list, summary=summary)
    # The page's figures link to the queue (one more query: the request type's id).
    report["tables"][0].params = information_params(filters)
    report_links(filters, report["tables"])
    return render_dashboard(
        request,
        "dashboards/report_information.html",
        tab="reports",
        form=form,
        filters=filters,
        report=report,
        heading=heading,
        page=page,
        report_tab="information",
        age=_age({"computed_at": computed_at}),
    )


def _age(figures: dict | None) -> RollupAge | None:
    """When the rollup's figures were computed (None: counted live, or nothing yet)."""
    computed = (figures or {}).get("computed_at")
    return RollupAge(computed_at=computed, updating=False) if computed else None
