"""Legal reports against a hand-computed fixture, first semester of 2026.

      type                  channel   team/agent  outcome (days, within legal term)
r1    peticion              email     A/ana       resolved Feb 20 (14, yes)
r2    peticion              web       A/ana       resolved Mar 10 (24, no)
r3    queja                 email     A/ana       resolved Mar 5 (3, yes)
r4    peticion              telefono  A/ana       transferred
r5    queja                 web       A/ana       desisted
r6    peticion              email     A/ana       pending
r7    peticion_informacion  email     A/ana       resolved May 12 (6, yes)
r8    peticion_informacion  web       A/ana       rejected (denied)
r9    peticion_informacion  email     A/ana       transferred
r10   peticion_informacion  email     A/ana       resolved Jun 25 (17, no)
r11   reclamo               email     B/beto      pending
r12   peticion              email     A/ana       received Jul 2: outside the semester
"""

import csv
import io
from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.reports import information_report, pqrs_report
from tests.dashboards.analytics_data import desist, new_pqr, period, reject, resolve, transfer

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 6, 30)
SEMESTER = {"preset": "custom", "start": "2026-01-01", "end": "2026-06-30"}
INFO = "Petición de información o documentos"


@pytest.fixture
def semester(team_a, team_b, agent):
    beto = get_user_model().objects.get(username="agente.b")

    def make(type_code, channel, received, team=team_a, who=agent):
        return new_pqr(
            team=team, agent=who, received=received, type_code=type_code, channel=channel
        )

    r1 = make("peticion", "email", date(2026, 2, 2))
    r2 = make("peticion", "web", date(2026, 2, 3))
    r3 = make("queja", "email", date(2026, 3, 2))
    r4 = make("peticion", "telefono", date(2026, 3, 3))
    r5 = make("queja", "web", date(2026, 4, 1))
    make("peticion", "email", date(2026, 4, 2))
    r7 = make("peticion_informacion", "email", date(2026, 5, 4))
    r8 = make("peticion_informacion", "web", date(2026, 5, 5))
    r9 = make("peticion_informacion", "email", date(2026, 5, 6))
    r10 = make("peticion_informacion", "email", date(2026, 6, 1))
    make("reclamo", "email", date(2026, 6, 2), team=team_b, who=beto)
    r12 = make("peticion", "email", date(2026, 7, 2))
    resolve(r1, on=date(2026, 2, 20), days=14, within_legal=True)
    resolve(r2, on=date(2026, 3, 10), days=24, within_legal=False)
    resolve(r3, on=date(2026, 3, 5), days=3, within_legal=True, cause="negligencia")
    transfer(r4)
    desist(r5)
    resolve(r7, on=date(2026, 5, 12), days=6, within_legal=True)
    reject(r8)
    transfer(r9)
    resolve(r10, on=date(2026, 6, 25), days=17, within_legal=False)
    resolve(r12, on=date(2026, 7, 10), days=6, within_legal=True)
    return {"r7": r7, "r10": r10}


# columns: label, received, on time, late, mean days, transferred, desisted, rejected, pending
BY_TYPE = [
    ["Petición", 4, 1, 1, 19.0, 1, 0, 0, 1],
    [INFO, 4, 1, 1, 11.5, 1, 0, 1, 0],
    ["Queja", 2, 1, 0, 3.0, 0, 1, 0, 0],
    ["Reclamo", 1, 0, 0, None, 0, 0, 0, 1],
]
TOTAL = ["Total", 11, 3, 2, 12.8, 2, 1, 1, 2]
BY_CHANNEL = [
    ["Correo electrónico", 7, 3, 1, 10.0, 1, 0, 0, 2],
    ["Formulario web", 3, 0, 1, 24.0, 0, 1, 1, 0],
    ["Teléfono", 1, 0, 0, None, 1, 0, 0, 0],
]


def _tables(report) -> dict:
    return {table.key: table for table in report["tables"]}


def test_pqrs_report_columns_by_type_and_total(semester, supervisor):
    tables = _tables(pqrs_report(period(START, END, supervisor)))
    assert tables["by_type"].rows == BY_TYPE
    assert tables["by_type"].total == TOTAL
    assert len(tables["by_type"].headers) == 9


def test_pqrs_report_by_channel(semester, supervisor):
    tables = _tables(pqrs_report(period(START, END, supervisor)))
    assert tables["by_channel"].rows == BY_CHANNEL
    assert tables["by_channel"].total == TOTAL


def test_filters_change_the_report(semester, supervisor, team_b):
    only_b = _tables(pqrs_report(period(START, END, supervisor, team=team_b)))
    assert only_b["by_type"].rows == [["Reclamo", 1, 0, 0, None, 0, 0, 0, 1]]
    second_half = _tables(pqrs_report(period(date(2026, 7, 1), date(2026, 12, 31), supervisor)))
    assert second_half["by_type"].rows == [["Petición", 1, 1, 0, 6.0, 0, 0, 0, 0]]


def test_report_type_names_read_in_english(semester, supervisor):
    from django.utils import translation

    with translation.override("en"):
        rows = _tables(pqrs_report(period(START, END, supervisor)))["by_type"].rows
    assert "Petition" in [row[0] for row in rows]


def test_information_report_counts_and_response_time_per_request(semester, supervisor):
    report = information_report(period(START, END, supervisor))
    s = report["summary"]
    assert (s["received"], s["transferred"], s["rejected"], s["denied"]) == (4, 1, 1, 0)
    assert (s["on_time"], s["late"], s["pending"], s["avg_days"]) == (1, 1, 0, 11.5)
    requests = _tables(report)["requests"].rows
    assert requests[0][0] == semester["r7"].radicado
    assert requests[0][1:] == [date(2026, 5, 4), "Resuelto", date(2026, 5, 12), 6, "Sí"]
    assert requests[1][2] == "Rechazado / archivado"
    assert requests[2][2] == "Trasladado"
    assert requests[3][1:] == [date(2026, 6, 1), "Resuelto", date(2026, 6, 25), 17, "No"]


def _get(client, name, **params):
    return client.get(reverse(f"dashboards:{name}"), {**SEMESTER, **params})


def test_report_page_shows_the_numbers_and_prints_without_controls(semester, supervisor_client):
    page = _get(supervisor_client, "report_pqrs")
    assert page.status_code == 200
    body = page.content.decode()
    assert _tables(page.context["report"])["by_type"].rows == BY_TYPE
    assert "12,8" in body  # mean response days, total row
    # The print rules (controls hidden) come from the report's own stylesheet (no inline CSS).
    assert "css/reports.css" in body
    printed = (settings.BASE_DIR / "static" / "css" / "reports.css").read_text()
    assert "@media print" in printed
    assert ".dashboard-filters" in printed
    assert 'data-export="csv"' in body
    assert 'data-export="xlsx"' in body


def _csv_tables(content: bytes) -> dict[str, list[list[str]]]:
    """Sections of the CSV: title line, header, rows, blank line."""
    text = content.decode("utf-8-sig")
    sections, current = {}, None
    lines = list(csv.reader(io.StringIO(text)))
    for i, row in enumerate(lines):
        if not row:
            current = None
        elif current is None and i + 1 < len(lines) and len(lines[i + 1]) > 1 and len(row) == 1:
            current = sections.setdefault(row[0], [])
        elif current is not None:
            current.append(row)
    return sections


def _as_text(row: list) -> list[str]:
    return ["" if v is None else str(v) for v in row]


def test_csv_export_has_the_same_numbers_as_the_page(semester, supervisor_client):
    page = _get(supervisor_client, "report_pqrs")
    export = _get(supervisor_client, "report_pqrs", format="csv")
    assert export["Content-Type"].startswith("text/csv")
    assert 'filename="informe-pqrs-2026-01-01-2026-06-30.csv"' in export["Content-Disposition"]
    sections = _csv_tables(export.content)
    for table in page.context["report"]["tables"]:
        header, *rows = sections[table.title]
        assert header == table.headers
        assert rows == [_as_text(row) for row in table.all_rows()]
    assert sections["Por tipo de PQR"][-1] == _as_text(TOTAL)


def _as_xlsx(value):
    """What openpyxl reads back: no empty strings, and dates as midnight datetimes."""
    if value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, time())
    return value


def test_xlsx_export_has_the_same_numbers_as_the_page(semester, supervisor_client):
    page = _get(supervisor_client, "report_pqrs")
    export = _get(supervisor_client, "report_pqrs", format="xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(export.content))
    for table in page.context["report"]["tables"]:
        sheet = workbook[table.title[:31]]
        values = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert list(values[0]) == table.headers
        expected = [[_as_xlsx(v) for v in row] for row in table.all_rows()]
        assert values[1:] == expected
    assert workbook["Por tipo de PQR"]["E6"].value == 12.8  # total mean days


def test_information_exports_list_every_request(semester, supervisor_client):
    export = _get(supervisor_client, "report_information", format="csv")
    sections = _csv_tables(export.content)
    summary = dict(sections["Resumen"][1:])
    assert summary["Solicitudes recibidas"] == "4"
    assert summary["Rechazadas o archivadas (no son negaciones)"] == "1"
    assert summary["Negadas (información clasificada o reservada)"] == "0"
    requests = sections["Respuesta por solicitud"][1:]
    assert [row[0] for row in requests] == [
        semester["r7"].radicado,
        *[r[0] for r in requests[1:3]],
        semester["r10"].radicado,
    ]
    assert requests[3][4] == "17"
    workbook = load_workbook(
        io.BytesIO(_get(supervisor_client, "report_information", format="xlsx").content)
    )
    assert workbook["Respuesta por solicitud"].max_row == 5


def test_information_page_paginates_requests_in_the_database(semester, supervisor_client, settings):
    page = _get(supervisor_client, "report_information")
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 4
    assert semester["r10"].radicado in page.content.decode()


def test_agents_cannot_open_the_legal_reports(agent_client):
    assert _get(agent_client, "report_pqrs").status_code == 403
    assert _get(agent_client, "report_information", format="csv").status_code == 403


def test_empty_report_says_what_to_do(supervisor_client):
    page = supervisor_client.get(
        reverse("dashboards:report_pqrs"),
        {"preset": "custom", "start": "2019-01-01", "end": "2019-06-30"},
    )
    assert "Elija otro rango de fechas" in page.content.decode()


def test_information_page_shows_one_page_of_requests_and_links_the_next(
    semester, supervisor_client, monkeypatch
):
    monkeypatch.setattr("dashboards.views_reports.REQUESTS_PER_PAGE", 3)
    first = _get(supervisor_client, "report_information")
    requests = _tables(first.context["report"])["requests"].rows
    assert requests[0][0] == semester["r7"].radicado
    assert len(requests) == 3
    assert "pagina=2" in first.content.decode()
    second = _get(supervisor_client, "report_information", pagina=2)
    rows = _tables(second.context["report"])["requests"].rows
    assert [row[0] for row in rows] == [semester["r10"].radicado]
    assert second.context["report"]["summary"]["received"] == 4  # the summary stays whole
