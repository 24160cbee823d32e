"""The agent's queue of PQRs, with filters, search, sort and the result count, and the
download of the filtered list."""

from functools import wraps

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.spreadsheets import csv_dialect_for, csv_response, xlsx_response
from customers.models import CustomerAudit
from customers.services import customer_list_export_record
from pqr import selectors
from pqr.forms import QueueFilterForm
from pqr.selectors_queue import (
    DrillFilters,
    queue_drill,
    queue_export_header,
    queue_export_rows,
    queue_page_reads,
)
from sla.selectors import rules_get

from .common import staff

EXPORT_FORMATS = ("csv", "xlsx")


def _page_reads_first(view):
    """The viewer, the catalogues and the calendar version in one query, before the
    role check (which then reads nothing)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            request.queue_reads = queue_page_reads(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def _filter_form(request, data):
    return QueueFilterForm(
        data,
        assignees=selectors.queue_assignees(user=request.user),
        catalogues=request.queue_reads.catalogues,
    )


def _filtered(request):
    """The bound filter form, the queryset it describes (the user's scope) and the sort."""
    form = _filter_form(request, request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return (form, filters, *_queue_of(request, form, filters))


def _queue_of(request, form, filters: dict):
    sort = filters.get("sort") or selectors.DEFAULT_SORT
    qs = selectors.pqr_queue(
        user=request.user,
        query=filters.get("q", ""),
        status=filters.get("status") or "open",
        pqr_type=filters.get("pqr_type"),
        team=filters.get("team"),
        channel=filters.get("channel", ""),
        priority=filters.get("priority", ""),
        anger=filters.get("anger", False),
        due=filters.get("due", ""),
        mine=filters.get("mine", False),
        legal_overdue=filters.get("legal", False),
        assignee=filters.get("assignee", ""),
        age=filters.get("age", ""),
        sort=sort,
    )
    qs = queue_drill(qs, form.drill_filters() if filters else DrillFilters())
    return qs, sort


# The unfiltered filter bar, rendered, per (language, QueuePageReads.filter_bar_key):
# about a quarter of the page's time (40 fields, the staff list query). The key holds
# everything the bar shows, read in the page's one statement, so a new catalogue row, a
# team or role change, a renamed or deactivated agent makes a new key on every node.
_FILTER_BARS: dict = {}
FILTER_BARS_MAX = 1000


def _unfiltered_bar(request):
    """The filter bar when the URL carries no filter (the queue as it opens: a page
    number at most), from this process's copy, rendered now if missing; None when the
    URL filters (the bar then shows the values and errors of that request)."""
    key = request.queue_reads.filter_bar_key
    if key is None or set(request.GET) - {"page"}:
        return None
    key = (translation.get_language(), key)
    bar = _FILTER_BARS.get(key)
    if bar is None:
        form = _filter_form(request, None)
        bar = render_to_string("pqr/_queue_filters.html", {"form": form, "drill_open": False})
        if len(_FILTER_BARS) >= FILTER_BARS_MAX:
            _FILTER_BARS.clear()
        _FILTER_BARS[key] = bar
    return bar


@_page_reads_first
@staff
def queue(request):
    bar = _unfiltered_bar(request)
    if bar is None:
        form, _filters, qs, sort = _filtered(request)
        drill_open = form.drill_in_use()
    else:
        form, drill_open = None, False
        qs, sort = _queue_of(request, None, {})
    page = selectors.queue_page(qs, page=request.GET.get("page", 1))
    total, more = selectors.result_count(qs, page)
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
    # The due badges' calendar, from process memory for the version just read.
    rules = rules_get(version=request.queue_reads.calendar_version) if page.rows else None
    return render(
        request,
        "pqr/queue.html",
        {
            "form": form,
            "page": page,
            "total": total,
            "more": more,
            "sort": sort,
            "query": params.urlencode(),
            "sort_query": sort_params.urlencode(),
            "drill_open": drill_open,
            "filter_bar": bar,
            "sla_calendar": rules.cal if rules else None,
        },
    )


def _audit_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return getattr(value, "pk", value)


@_page_reads_first
@staff
def queue_export(request, fmt: str):
    """The filtered queue as CSV or XLSX (the user's scope only, like the page), through
    the safe writer; each download leaves an audit row (who, filters, how many)."""
    if fmt not in EXPORT_FORMATS:
        fmt = "csv"
    _form, filters, qs, _sort = _filtered(request)
    customer_list_export_record(
        actor=request.user,
        filters={k: _audit_value(v) for k, v in filters.items() if v not in (None, "", False)},
        rows=qs.order_by().count(),
        fmt=fmt,
        action=CustomerAudit.Action.QUEUE_EXPORT,
    )
    filename = f"bandeja-pqr-{timezone.localdate().isoformat()}.{fmt}"
    header, rows = queue_export_header(), queue_export_rows(qs)
    if fmt == "xlsx":
        return xlsx_response(filename=filename, title="PQR", header=header, rows=rows)
    return csv_response(
        filename=filename, header=header, rows=rows, dialect=csv_dialect_for(request)
    )
