"""Rows of a report table without links (the case lists: thousands of rows at scale).

The same HTML that report_base.html's loop and _report_cell.html write, built in one
pass: rendering each cell through {% include %} cost about 0.2 ms a cell, 30 s for the
25,000 cases of a semester at 100,000 PQRs (docs/performance.md, issue 18).
"""

import html
from datetime import date

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def plain_report_rows(context, rows) -> str:
    """`<tr>`s of rows whose cells link nowhere: the first cell a row header, empty
    cells as a dash, each value rendered as {{ value }} would (localised, escaped)."""
    escape_plain = context.autoescape
    dates: dict[date, str] = {}  # a case list repeats the same days: localise each once

    def text(value) -> str:
        if escape_plain and type(value) is str:
            return html.escape(value)  # what {{ value }} writes for a plain string
        return render_value_in_context(value, context)

    def cell(value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, date):
            if value not in dates:
                dates[value] = render_value_in_context(value, context)
            return dates[value]
        return text(value)

    out = []  # "\n</td>": the include's file ends with a newline; the same bytes
    for first, *rest in rows:
        cells = "".join(f'<td class="text-end">{cell(v)}\n</td>' for v in rest)
        out.append(
            f'\n      <tr><th scope="row" class="fw-normal">{text(first)}</th>{cells}</tr>\n    '
        )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped above
