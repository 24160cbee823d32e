"""Every CSV and XLSX the app hands out is written through here.

Why one writer: the cells hold text typed by customers and anonymous visitors (names,
survey comments). A cell beginning with = + - @, a tab or a carriage return is run as a
formula by Excel and LibreOffice (``=HYPERLINK(...)`` leaks the sheet, ``=cmd|...``
ran commands in old Excel). Following OWASP ("CSV Injection"), such a text cell is
prefixed with a single quote, in CSV and in XLSX alike, so a sheet saved again from one
format into the other stays harmless. Numbers, dates and booleans are never text here,
so a negative number is not touched.

CSV: UTF-8 with a BOM (without it Excel garbles ``Ñandú``), comma-separated
with decimal points by default, or ``;``-separated with decimal commas
(``?sep=semicolon``), which is what Excel set up for Colombia opens in columns.
XLSX: dates and numbers are real cells, so they sort, filter and add up.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# The query parameter and value that ask for the Colombian-Excel CSV.
SEPARATOR_PARAM = "sep"
SEMICOLON = "semicolon"


def neutralise(text: str) -> str:
    """The text, with a leading quote if a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str = ","
    decimal: str = "."

    def cell(self, value) -> str:
        """One value as the text of a CSV cell."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(_("Sí") if value else _("No"))
        if isinstance(value, datetime):
            return _local(value).strftime(DATETIME_FORMAT)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float | Decimal):
            return str(value).replace(".", self.decimal)
        return neutralise(str(value))


COMMA_DIALECT = CsvDialect()
SEMICOLON_DIALECT = CsvDialect(delimiter=";", decimal=",")


def csv_dialect_for(request: HttpRequest) -> CsvDialect:
    """`?sep=semicolon` gives the Colombian-Excel dialect; anything else the default."""
    return SEMICOLON_DIALECT if request.GET.get(SEPARATOR_PARAM) == SEMICOLON else COMMA_DIALECT


class _Echo:
    def write(self, value: str) -> str:
        return value


class CsvWriter:
    """Formats rows as CSV lines (returned, not written: it feeds streaming responses)."""

    def __init__(self, dialect: CsvDialect = COMMA_DIALECT):
        self.dialect = dialect
        self._writer = csv.writer(_Echo(), delimiter=dialect.delimiter)

    def line(self, values: Iterable) -> str:
        return self._writer.writerow([self.dialect.cell(v) for v in values])

    def lines(self, header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
        """The BOM and the header, then one line per row."""
        yield BOM + self.line(header)
        for row in rows:
            yield self.line(row)


def csv_response(
    *, filename: str, header: Iterable, rows: Iterable[Iterable], dialect: CsvDialect
) -> StreamingHttpResponse:
    """A streamed CSV download; `rows` may be a lazy iterator over a big queryset."""
    response = StreamingHttpResponse(
        CsvWriter(dialect).lines(list(header), rows), content_type=CSV_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_value(value):
    """One value as an XLSX cell value: real dates and numbers, neutralised text."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(_("Sí") if value else _("No"))
    if isinstance(value, datetime):
        # Excel has no time zones: the office's local time, as the pages show it.
        return _local(value).replace(tzinfo=None)
    if isinstance(value, date | int | float | Decimal):
        return value
    return neutralise(str(value))


def xlsx_cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    """A write-only cell for `value`. Text is stored as text, never as a formula
    (openpyxl would otherwise turn a string beginning with "=" into one)."""
    cell = WriteOnlyCell(sheet, value=xlsx_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"
    elif isinstance(cell.value, datetime):
        cell.number_format = XLSX_DATETIME_FORMAT
    elif isinstance(cell.value, date):
        cell.number_format = XLSX_DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_row(sheet, values: Iterable, *, bold: bool = False) -> list[WriteOnlyCell]:
    return [xlsx_cell(sheet, v, bold=bold) for v in values]


def xlsx_response(
    *, filename: str, title: str, header: Iterable, rows: Iterable[Iterable]
) -> HttpResponse:
    """One sheet with a bold header row (so it filters and sorts cleanly), streamed
    into the workbook by openpyxl's write-only mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    header = list(header)
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(12, len(name) + 2), 45)
    sheet.append(xlsx_row(sheet, header, bold=True))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
