"""The files a scheduled report attaches: the same tables as the pages, from the same
selectors, written as XLSX (dashboards.exports, the one safe writer) and as PDF
(WeasyPrint, as the answer letters are; it fetches nothing: every URL is refused)."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from core.spreadsheets import XLSX_TYPE
from sla.selectors import organization_get
from surveys.models import DIMENSIONS

from .exports import tables_xlsx
from .filters import DashboardFilters
from .models import FileFormat, ReportSubscription, ScheduledReport
from .reports import ReportTable, information_report, pqrs_report
from .selectors_satisfaction import satisfaction_dashboard
from .selectors_sla import sla_dashboard

PDF_TYPE = "application/pdf"
# Cases of each list the PDF prints, as the page (a semester at 1M PQRs lists some
# 250,000: a PDF of them would outlast the task's time limit); the XLSX lists them all.
PDF_CASES = 500


def report_heading(title: str, filters: DashboardFilters) -> list[str]:
    """Title, organisation, period and the filters chosen (the reports' printed head)."""
    period = _("Período: %(start)s a %(end)s") % {
        "start": date_format(filters.start, "j \\d\\e F \\d\\e Y"),
        "end": date_format(filters.end, "j \\d\\e F \\d\\e Y"),
    }
    lines = [title, organization_get().name, period]
    chosen = [
        (_("Equipo"), filters.team),
        (_("Tipo"), filters.pqr_type),
        (_("Canal"), filters.channel),
    ]
    lines += [f"{label}: {value}" for label, value in chosen if value]
    return lines


def rounded(value, places: int) -> Decimal | None:
    """As the pages print it (floatformat): fixed decimals, so the PDF shows "4,50"."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _sla_tables(filters: DashboardFilters) -> list[ReportTable]:
    data = sla_dashboard(filters=filters)
    out, now = data.outcomes, data.open
    headers = [_("Indicador"), _("Valor")]
    period = [
        (_("Recibidas en el período"), out["received"]),
        (_("Resueltas en el período"), out["resolved"]),
        (_("Resueltas con plazo prometido medido"), out["due_measured"]),
        (_("Resueltas dentro del plazo prometido"), out["within_due"]),
        (_("Cumplimiento del plazo prometido (%)"), rounded(out["due_rate"], 1)),
        (_("Resueltas con término legal medido"), out["legal_measured"]),
        (_("Resueltas dentro del término legal"), out["within_legal"]),
        (_("Cumplimiento del término legal (%)"), rounded(out["legal_rate"], 1)),
        (_("Primera respuesta, mediana (horas hábiles)"), rounded(out["first_response_median"], 1)),
        (_("Primera respuesta, P90 (horas hábiles)"), rounded(out["first_response_p90"], 1)),
        (_("Resolución, mediana (horas hábiles)"), rounded(out["resolution_median"], 1)),
        (_("Resolución, P90 (horas hábiles)"), rounded(out["resolution_p90"], 1)),
    ]
    open_now = [
        (_("Abiertas"), now["total"]),
        (_("Vencidas (plazo prometido)"), now["overdue"]),
        (_("Con el término legal vencido"), now["legal_overdue"]),
    ]
    weekly = [
        [row["week"], rounded(row["due_rate"], 1), rounded(row["legal_rate"], 1), row["resolved"]]
        for row in data.weekly
    ]
    return [
        ReportTable("sla", _("Cumplimiento en el período"), headers, [list(r) for r in period]),
        ReportTable(
            "open", _("PQR abiertas al preparar el informe"), headers, [list(r) for r in open_now]
        ),
        ReportTable(
            "weekly",
            _("Cumplimiento por semana de resolución"),
            [_("Semana desde"), _("Plazo prometido (%)"), _("Término legal (%)"), _("Resueltas")],
            weekly,
        ),
    ]


def _satisfaction_tables(filters: DashboardFilters) -> list[ReportTable]:
    data = satisfaction_dashboard(filters)
    s = data["summary"]
    headers = [_("Indicador"), _("Valor")]
    summary = [
        [_("Encuestas respondidas"), s["total"]],
        [_("CSAT: calificaciones de 4 o 5 (%)"), rounded(s["csat"], 1)],
        [_("Calificación promedio (1 a 5)"), rounded(s["average"], 2)],
        [_("Tasa de respuesta (%)"), rounded(s["response_rate"], 1)],
        [_("Casos de recuperación abiertos"), s["recovery_open"]],
        [_("Casos de recuperación cerrados"), s["recovery_closed"]],
    ]
    dimensions = [[label, rounded(s["dimensions"][name], 2)] for name, label in DIMENSIONS]
    agents = [
        [row["label"], row["total"], rounded(row["csat"], 1), rounded(row["average"], 2)]
        for row in data["by_agent"]
    ]
    return [
        ReportTable("satisfaction", _("Satisfacción en el período"), headers, summary),
        ReportTable(
            "dimensions", _("Componentes del servicio (promedio 1 a 5)"), headers, dimensions
        ),
        ReportTable(
            "agents",
            _("Satisfacción por agente"),
            [_("Agente"), _("Respuestas"), _("CSAT (%)"), _("Promedio")],
            agents,
        ),
    ]


def report_tables(
    report: str, filters: DashboardFilters, *, case_limit: int | None = None
) -> tuple[str, list[ReportTable]]:
    """The title and tables of one kind of scheduled report for `filters`;
    `case_limit` caps the PQRS report's case lists."""
    if report == ScheduledReport.PQRS:
        return _("Informe de PQRS"), pqrs_report(filters, case_limit=case_limit)["tables"]
    if report == ScheduledReport.INFORMATION:
        title = _("Informe de solicitudes de acceso a la información")
        return title, information_report(filters)["tables"]
    title = _("Resumen de ANS y satisfacción")
    return title, [*_sla_tables(filters), *_satisfaction_tables(filters)]


def _pdf_cells(table: ReportTable) -> list[list[tuple]]:
    """Each cell with whether it is a number or a missing figure (right-aligned)."""
    return [
        [(value, value is None or isinstance(value, int | float | Decimal)) for value in row]
        for row in table.all_rows()
    ]


def tables_pdf(tables: list[ReportTable], heading: list[str]) -> bytes:
    sections = [(table, _pdf_cells(table)) for table in tables]
    html = render_to_string(
        "dashboards/report_pdf.html", {"heading": heading, "sections": sections}
    )
    fetcher = URLFetcher(allowed_protocols=set())
    stylesheet = CSS(filename=finders.find("css/report_pdf.css"), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])


STEMS = {
    ScheduledReport.SLA_SATISFACTION: "resumen-ans-satisfaccion",
    ScheduledReport.PQRS: "informe-pqrs",
    ScheduledReport.INFORMATION: "informe-solicitudes-informacion",
}


def report_attachments(
    *, subscription: ReportSubscription, filters: DashboardFilters
) -> list[tuple[str, bytes, str]]:
    """(file name, bytes, MIME type) of each file the subscription asked for."""
    pdf_only = subscription.file_format == FileFormat.PDF
    title, tables = report_tables(
        subscription.report, filters, case_limit=PDF_CASES if pdf_only else None
    )
    heading = report_heading(title, filters)
    stem = f"{STEMS[subscription.report]}-{filters.start.isoformat()}-{filters.end.isoformat()}"
    files = []
    if subscription.file_format in (FileFormat.PDF, FileFormat.BOTH):
        printed = [_capped(table, PDF_CASES) for table in tables]
        files.append((f"{stem}.pdf", tables_pdf(printed, heading), PDF_TYPE))
    if subscription.file_format in (FileFormat.XLSX, FileFormat.BOTH):
        files.append((f"{stem}.xlsx", tables_xlsx(tables, heading), XLSX_TYPE))
    return files


def _capped(table: ReportTable, limit: int) -> ReportTable:
    """A case list cut to its first `limit` cases (the PDF says how many more)."""
    if table.list_params is None or len(table.rows) <= limit:
        return table
    return replace(table, rows=table.rows[:limit], truncated=True, count=len(table.rows))
