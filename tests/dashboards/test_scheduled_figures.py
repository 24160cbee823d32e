"""The attachments of a scheduled report carry the figures the pages show for that
period and team: the XLSX read with openpyxl, the PDF read with pdftotext (poppler),
sent through a real SMTP server. A supervisor of team A never receives team B's."""

import io
import re
import subprocess

import openpyxl
import pytest
from django.urls import reverse
from django.utils.formats import localize

from dashboards.deliveries import deliveries_plan, delivery_send
from dashboards.models import ReportDelivery

from .scheduled_data import END, SEND_TIME, START, october, subscribe

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode()


def pdf_rows(text: str) -> list[list[str]]:
    """Each line of the PDF split into its cells (columns are two spaces or more apart)."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]


def pdf_values(text: str) -> dict[str, str]:
    """Label -> value of the two-column tables."""
    return {row[0]: row[-1] for row in pdf_rows(text) if len(row) == 2}


def xlsx_sheets(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def send_october(sub) -> ReportDelivery:
    assert deliveries_plan(now=SEND_TIME) == 1
    delivery = ReportDelivery.objects.get(subscription=sub)
    assert delivery_send(delivery_id=delivery.pk, now=SEND_TIME)
    delivery.refresh_from_db()
    return delivery


def page(client, name: str, team=None, **extra):
    params = {"preset": "custom", "start": START.isoformat(), "end": END.isoformat(), **extra}
    if team is not None:
        params["team"] = team.pk
    return client.get(reverse(name), params)


def shown(html: str, attribute: str, name: str) -> str:
    """A figure as the page prints it, without its unit ("50,0 %" -> "50,0")."""
    found = re.search(rf'{attribute}="{name}"[^>]*>([^<]+)<', html)
    return found.group(1).replace("%", "").strip()


@pytest.fixture
def office(agent, team_a, team_b, supervisor):
    team_a.supervisors.add(supervisor)
    return october(agent=agent, team_a=team_a, team_b=team_b)


def test_sla_and_satisfaction_summary_equals_the_pages_for_team_a(
    smtp_server, office, supervisor, supervisor_client, team_a
):
    sub = subscribe(supervisor, team_a)
    delivery = send_october(sub)
    assert delivery.status == "sent"
    [message] = smtp_server.messages
    assert message["To"] == supervisor.email
    assert "Resumen de ANS y satisfacción del 2026-10-01 al 2026-10-31" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert "del 1 de octubre de 2026 al 31 de octubre de 2026" in body.lower()
    assert "Cuenta solo las PQR del equipo Equipo A." in body
    assert reverse("dashboards:subscriptions") in body
    files = attachments(message)
    stem = "resumen-ans-satisfaccion-2026-10-01-2026-10-31"
    assert sorted(files) == [f"{stem}.pdf", f"{stem}.xlsx"]

    sla = page(supervisor_client, "dashboards:sla", team_a)
    out, sla_html = sla.context["data"].outcomes, sla.content.decode()
    sat = page(supervisor_client, "dashboards:satisfaction", team_a)
    summary, sat_html = sat.context["data"]["summary"], sat.content.decode()
    assert (out["received"], out["resolved"], summary["total"]) == (4, 2, 2)  # team A only

    sheets = xlsx_sheets(files[f"{stem}.xlsx"])
    period = dict(sheets["Cumplimiento en el período"][1:])
    assert period["Recibidas en el período"] == out["received"]
    assert period["Resueltas en el período"] == out["resolved"]
    assert period["Resueltas dentro del término legal"] == out["within_legal"]
    assert period["Cumplimiento del término legal (%)"] == round(out["legal_rate"], 1)
    satisfaction = dict(sheets["Satisfacción en el período"][1:])
    assert satisfaction["Encuestas respondidas"] == summary["total"]
    assert satisfaction["CSAT: calificaciones de 4 o 5 (%)"] == round(summary["csat"], 1)
    assert satisfaction["Calificación promedio (1 a 5)"] == round(float(summary["average"]), 2)

    text = pdf_text(files[f"{stem}.pdf"])
    values = pdf_values(text)
    assert values["Recibidas en el período"] == str(out["received"])
    assert values["Resueltas en el período"] == shown(sla_html, "data-metric", "resolved")
    assert values["Cumplimiento del término legal (%)"] == shown(
        sla_html, "data-metric", "legal-rate"
    )
    assert values["Resolución, mediana (horas hábiles)"] == shown(
        sla_html, "data-metric", "resolution-median"
    )
    assert values["CSAT: calificaciones de 4 o 5 (%)"] == shown(sat_html, "data-figure", "csat")
    assert values["Calificación promedio (1 a 5)"] == shown(sat_html, "data-figure", "average")
    assert "Equipo: Equipo A" in text
    # Team B's agent and figures are nowhere in team A's report.
    assert "Beto" not in text
    assert "Equipo B" not in text
    assert all("Beto" not in str(cell) for rows in sheets.values() for r in rows for cell in r)


def _cells(row) -> list[str]:
    return ["—" if value in (None, "") else str(localize(value)) for value in row]


def test_pqrs_report_files_equal_the_report_page_and_its_export(
    smtp_server, office, supervisor, supervisor_client, team_a
):
    subscribe(supervisor, team_a, report="pqrs")
    send_october(_only_sub())
    [message] = smtp_server.messages
    files = attachments(message)
    stem = "informe-pqrs-2026-10-01-2026-10-31"
    report_page = page(supervisor_client, "dashboards:report_pqrs", team_a)
    export = page(supervisor_client, "dashboards:report_pqrs", team_a, format="xlsx")
    # The emailed workbook holds exactly the cells of the page's own download.
    assert xlsx_sheets(files[f"{stem}.xlsx"]) == xlsx_sheets(export.content)
    rows = pdf_rows(pdf_text(files[f"{stem}.pdf"]))
    tables = report_page.context["report"]["tables"]
    assert tables[0].total[1] == 4  # received by team A in October
    for table in tables:
        for row in table.all_rows():
            assert _in_pdf(_cells(row), rows), (table.key, row)
    text = pdf_text(files[f"{stem}.pdf"])
    assert all(radicado in text for radicado in office.radicados_a[1:])  # late or pending
    assert not any(radicado in text for radicado in office.radicados_b)


def _in_pdf(cells: list[str], rows: list[list[str]]) -> bool:
    """A table row is in the PDF: its values in order on one line, after its label (or
    the label's first line, when a long label wraps)."""
    label, values = cells[0], cells[1:]
    return any(
        row[1:] == values and label.startswith(row[0]) for row in rows if len(row) == len(cells)
    )


def _only_sub():
    from dashboards.models import ReportSubscription

    return ReportSubscription.objects.get()


def test_information_report_files_equal_the_page_and_leave_team_b_out(
    smtp_server, office, supervisor, supervisor_client, team_a
):
    subscribe(supervisor, team_a, report="information", file_format="xlsx")
    send_october(_only_sub())
    [message] = smtp_server.messages
    files = attachments(message)
    assert list(files) == ["informe-solicitudes-informacion-2026-10-01-2026-10-31.xlsx"]
    export = page(supervisor_client, "dashboards:report_information", team_a, format="xlsx")
    sheets = xlsx_sheets(next(iter(files.values())))
    assert sheets == xlsx_sheets(export.content)
    cells = [str(cell) for rows in sheets.values() for row in rows for cell in row]
    assert office.radicados_a[2] in cells
    assert not any(radicado in cells for radicado in office.radicados_b)


def test_administrator_subscribed_to_every_team_gets_the_all_teams_figures(
    smtp_server, office, administrator, admin_client_role
):
    subscribe(administrator, None, file_format="xlsx")
    send_october(_only_sub())
    [message] = smtp_server.messages
    sheets = xlsx_sheets(next(iter(attachments(message).values())))
    out = page(admin_client_role, "dashboards:sla").context["data"].outcomes
    assert dict(sheets["Cumplimiento en el período"][1:])["Recibidas en el período"] == 7
    assert out["received"] == 7
