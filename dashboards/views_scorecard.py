"""Per-agent scorecard: this period against the one before, per agent and per team."""

from core.mixins import role_required
from core.roles import Role

from .drill import scorecard_links
from .filters import dashboard_filters
from .pages import render_dashboard
from .selectors_scorecard import scorecard as scorecard_data


@role_required(Role.AGENT)
def scorecard(request):
    form, filters = dashboard_filters(request)
    data = scorecard_data(filters=filters, user=request.user)
    scorecard_links(filters, data)
    return render_dashboard(
        request,
        "dashboards/scorecard.html",
        tab="scorecard",
        form=form,
        filters=filters,
        data=data,
    )
