"""CSV and XLSX downloads of a report's tables: the same cells the page shows, written
by the app's one safe writer (core.spreadsheets)."""

import io
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.spreadsheets import BOM, CSV_TYPE, XLSX_TYPE, CsvDialect, CsvWriter, xlsx_row

from .reports import ReportTable

FORMATS = ("csv", "xlsx")


def tables_csv(tables: list[ReportTable], heading: list[str], dialect: CsvDialect) -> str:
    """Heading lines, then each table as: title, header row, rows, blank line."""
    writer = CsvWriter(dialect)
    lines = [writer.line([line]) for line in heading]
    lines.append(writer.line([]))
    for table in tables:
        lines.append(writer.line([table.title]))
        lines.append(writer.line(table.headers))
        lines += [writer.line(row) for row in table.all_rows()]
        lines.append(writer.line([]))
    return BOM + "".join(lines)


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
    The heading (organisation, period) goes to a first "Informe" sheet. Write-only mode
    streams the rows: a semester of information requests is tens of thousands of them."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    cover = workbook.create_sheet(_sheet_title(str(_("Informe")), used))
    for line in heading:
        cover.append(xlsx_row(cover, [line]))
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        for index, header in enumerate(table.headers, start=1):
            width = min(max(12, len(str(header)) + 2), 45)
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.append(xlsx_row(sheet, table.headers, bold=True))
        for row in table.rows:
            sheet.append(xlsx_row(sheet, row))
        if table.total is not None:
            sheet.append(xlsx_row(sheet, table.total, bold=True))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_response(
    *, tables: list[ReportTable], fmt: str, filename: str, heading: list[str], dialect: CsvDialect
) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(tables_xlsx(tables, heading), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(tables_csv(tables, heading, dialect), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
