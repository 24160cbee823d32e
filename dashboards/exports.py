"""CSV and XLSX downloads of a report's tables: the same cells the page shows."""

import csv
import io
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .reports import ReportTable

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    return "" if value is None else value


def tables_csv(tables: list[ReportTable], heading: list[str]) -> str:
    """Heading lines, then each table as: title, header row, rows, blank line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in heading:
        writer.writerow([line])
    writer.writerow([])
    for table in tables:
        writer.writerow([table.title])
        writer.writerow(table.headers)
        for row in table.all_rows():
            writer.writerow([_cell(value) for value in row])
        writer.writerow([])
    return buffer.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Hoja"
    candidate, n = clean, 2
    while candidate in used:
        candidate = f"{clean[:28]} {n}"
        n += 1
    used.add(candidate)
    return candidate


def _bold_row(sheet, values: list) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=_cell(value))
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def tables_xlsx(tables: list[ReportTable], heading: list[str]) -> bytes:
    """One sheet per table; the header is row 1 so the sheet filters and sorts cleanly.
    The heading (organisation, period) goes to a first "Informe" sheet. Write-only mode
    streams the rows: a semester of information requests is tens of thousands of them."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    cover = workbook.create_sheet(_sheet_title(str(_("Informe")), used))
    for line in heading:
        cover.append([line])
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        for index, header in enumerate(table.headers, start=1):
            width = min(max(12, len(str(header)) + 2), 45)
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.append(_bold_row(sheet, table.headers))
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
        if table.total is not None:
            sheet.append(_bold_row(sheet, table.total))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_response(
    *, tables: list[ReportTable], fmt: str, filename: str, heading: list[str]
) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(tables_xlsx(tables, heading), content_type=XLSX_TYPE)
    else:
        body = "\ufeff" + tables_csv(tables, heading)  # the BOM makes Excel read UTF-8
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
