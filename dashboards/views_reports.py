"""Legal reports (placeholders until they are built)."""

from core.mixins import role_required
from core.roles import Role

from .filters import dashboard_filters
from .pages import render_dashboard


@role_required(Role.SUPERVISOR)
def report_pqrs(request):
    form, filters = dashboard_filters(request)
    return render_dashboard(
        request, "dashboards/placeholder.html", tab="reports", form=form, filters=filters
    )


@role_required(Role.SUPERVISOR)
def report_information(request):
    form, filters = dashboard_filters(request)
    return render_dashboard(
        request, "dashboards/placeholder.html", tab="reports", form=form, filters=filters
    )
