"""SLA and workload dashboards, and reassigning from the workload page. Thin views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.jobs import enqueue_on_commit
from core.mixins import role_required
from core.roles import Role, has_role
from pqr import services as pqr_services
from sla.selectors import calendar_get

from . import presenters, selectors_sla, selectors_workload
from .filters import dashboard_filters
from .forms import BulkReassignForm, ReassignForm
from .freshness import rollups_for_page
from .pages import render_dashboard
from .reassign import BULK_MAX, workload_bulk_reassign


@role_required(Role.AGENT)
def sla(request):
    form, filters = dashboard_filters(request)
    age = rollups_for_page()
    if age.preparing:
        return render_dashboard(
            request, "dashboards/preparing.html", tab="sla", form=form, filters=filters
        )
    data = selectors_sla.sla_dashboard(filters=filters)
    return render_dashboard(
        request,
        "dashboards/sla.html",
        tab="sla",
        form=form,
        filters=filters,
        data=data,
        charts=presenters.sla_charts(data, filters),
        links=presenters.now_links(filters),
        period_links=presenters.period_links(filters),
        age=age,
    )


@role_required(Role.AGENT)
def workload(request):
    form, filters = dashboard_filters(request)
    age = rollups_for_page()
    if age.preparing:
        return render_dashboard(
            request, "dashboards/preparing.html", tab="workload", form=form, filters=filters
        )
    data = selectors_workload.workload(filters=filters, cal=calendar_get())
    presenters.workload_links(filters, data)
    return render_dashboard(
        request,
        "dashboards/workload.html",
        tab="workload",
        form=form,
        filters=filters,
        data=data,
        charts=presenters.workload_charts(data, filters),
        can_reassign=has_role(request.user, Role.SUPERVISOR),
        age=age,
        bulk_max=BULK_MAX,
    )


@require_POST
@role_required(Role.SUPERVISOR)
def reassign(request):
    form = ReassignForm(request.POST)
    if form.is_valid():
        pqr = form.cleaned_data["pqr"]
        try:
            pqr_services.pqr_assign(
                pqr=pqr, actor=request.user, assigned_to=form.cleaned_data["assigned_to"]
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            # Never raises into the request (broker down): beat refreshes every 5 minutes.
            enqueue_on_commit("dashboards.tasks.rollups_refresh")
            messages.success(
                request,
                _("PQR %(radicado)s reasignada a %(user)s.")
                % {
                    "radicado": pqr.radicado,
                    "user": pqr.assigned_to.get_full_name() or pqr.assigned_to,
                },
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return _back_to_workload(request)


def _back_to_workload(request):
    # Only the filter parameters travel back, re-encoded, onto our own path.
    back = QueryDict(request.POST.get("return_query", ""))
    query = back.urlencode()
    return redirect(reverse("dashboards:workload") + (f"?{query}" if query else ""))


@require_POST
@role_required(Role.SUPERVISOR)
def reassign_bulk(request):
    """Many PQRs at once: the page's filters (posted back) plus whose and how many."""
    form = BulkReassignForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_workload(request)
    _form, filters = dashboard_filters(request, QueryDict(form.cleaned_data["return_query"]))
    target = form.cleaned_data["assigned_to"]
    try:
        moved = workload_bulk_reassign(
            actor=request.user,
            filters=filters,
            source=form.cleaned_data["source"],
            target=target,
            limit=form.limit(),
        )
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        enqueue_on_commit("dashboards.tasks.rollups_refresh")
        messages.success(
            request,
            ngettext(
                "%(n)d PQR reasignada a %(user)s.",
                "%(n)d PQR reasignadas a %(user)s.",
                moved,
            )
            % {"n": moved, "user": target.get_full_name() or target.username},
        )
    return _back_to_workload(request)
