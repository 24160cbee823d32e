"""Satisfaction and causes dashboards (placeholders until they are built)."""

from core.mixins import role_required
from core.roles import Role

from .filters import dashboard_filters
from .pages import render_dashboard


@role_required(Role.AGENT)
def satisfaction(request):
    form, filters = dashboard_filters(request)
    return render_dashboard(
        request, "dashboards/placeholder.html", tab="satisfaction", form=form, filters=filters
    )


@role_required(Role.AGENT)
def causes(request):
    form, filters = dashboard_filters(request)
    return render_dashboard(
        request, "dashboards/placeholder.html", tab="causes", form=form, filters=filters
    )
