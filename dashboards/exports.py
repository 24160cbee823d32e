"""CSV and XLSX downloads of a report's tables: the same cells the page shows."""

import csv
import io
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

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


def tables_xlsx(tables: list[ReportTable], heading: list[str]) -> bytes:
    """One sheet per table; the header is row 1 so the sheet filters and sorts cleanly.
    The heading (organisation, period) goes to a first "Informe" sheet."""
    workbook = Workbook()
    cover = workbook.active
    used: set[str] = set()
    cover.title = _sheet_title(str(_("Informe")), used)
    for line in heading:
        cover.append([line])
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.all_rows():
            sheet.append([_cell(value) for value in row])
        if table.total is not None:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        for column, header in zip(sheet.columns, table.headers, strict=False):
            sheet.column_dimensions[column[0].column_letter].width = min(
                max(12, len(str(header)) + 2), 45
            )
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
