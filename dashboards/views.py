"""SLA and workload dashboards, and reassigning from the workload page. Thin views."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.jobs import enqueue_on_commit
from core.mixins import role_required
from core.roles import Role, has_role
from pqr import services as pqr_services
from sla.selectors import calendar_get

from . import presenters, selectors_sla, selectors_workload
from .filters import dashboard_filters
from .forms import ReassignForm
from .freshness import rollups_for_page
from .pages import render_dashboard


@role_required(Role.AGENT)
def sla(request):
    form, filters = dashboard_filters(request)
    age = rollups_for_page()
    if age.preparing:
        return render_dashboard(
            request, "dashboards/preparing.html", tab="sla", form=form, filters=filters
        )
    data = selectors_sla.sla_dashboard(filters=filters)
    links = {due: presenters.queue_link(filters, due=due) for due in ("overdue", "today", "next3")}
    links["legal"] = presenters.queue_link(filters, legal="on")
    return render_dashboard(
        request,
        "dashboards/sla.html",
        tab="sla",
        form=form,
        filters=filters,
        data=data,
        charts=presenters.sla_charts(data, filters),
        links=links,
        open_link=presenters.queue_link(filters, status="open"),
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
    # Only the filter parameters travel back, re-encoded, onto our own path.
    back = QueryDict(request.POST.get("return_query", ""))
    query = back.urlencode()
    return redirect(reverse("dashboards:workload") + (f"?{query}" if query else ""))
