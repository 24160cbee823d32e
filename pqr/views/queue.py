"""The agent's queue of PQRs, with filters, search, sort and the result count."""

from django.shortcuts import render

from pqr import selectors
from pqr.forms import QueueFilterForm

from .common import staff


@staff
def queue(request):
    form = QueueFilterForm(
        request.GET or None, assignees=selectors.queue_assignees(user=request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
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
    page = selectors.page_of(qs, page=request.GET.get("page", 1))
    total, more = selectors.result_count(qs, page)
    params = request.GET.copy()
    params.pop("page", None)
    sort_params = params.copy()
    sort_params.pop("sort", None)
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
        },
    )
