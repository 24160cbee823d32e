"""Shared rendering for dashboard pages, so every tab gets the same filter bar."""

from django.shortcuts import render

from .filters import DashboardFilterForm, DashboardFilters


def render_dashboard(
    request,
    template: str,
    *,
    tab: str,
    form: DashboardFilterForm,
    filters: DashboardFilters,
    status: int = 200,
    **context,
):
    """`tab` is one of sla, workload, satisfaction, causes, reports (highlighted tab)."""
    context.update(filter_form=form, filters=filters, tab=tab)
    return render(request, template, context, status=status)
