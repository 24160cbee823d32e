"""Satisfaction and causes dashboards: parse the filters, call one selector, draw."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.mixins import role_required
from core.roles import Role
from surveys.models import DIMENSIONS

from .charts import chart
from .drill import causes_links, satisfaction_links
from .filters import dashboard_filters
from .pages import render_dashboard
from .selectors_causes import causes_dashboard
from .selectors_satisfaction import satisfaction_dashboard, survey_filters


def survey_results_url(filters) -> str:
    """The Surveys results page with the same period, team, type, channel (and agent)."""
    params = {}
    for key, value in survey_filters(filters).items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        params[key] = getattr(value, "pk", value)
    return f"{reverse('surveys:results')}?{urlencode(params)}"


def _period_label(row: dict, grain: str) -> str:
    if grain == "week":
        return _("Semana del %(day)s") % {"day": date_format(row["period"], "j M")}
    return date_format(row["period"], "F Y")


def _satisfaction_charts(data: dict) -> dict:
    trend, grain = data["trend"], data["grain"]
    labels = [_period_label(row, grain) for row in trend]
    dimensions = data["summary"]["dimensions"]
    agents = data["by_agent"]
    return {
        "csat_trend": chart(
            "csat-trend",
            "line",
            labels,
            [(_("CSAT (%)"), [row["csat"] for row in trend])],
            _("CSAT por semana") if grain == "week" else _("CSAT por mes"),
            percent=True,
            unit="%",
            links=[row["href"] for row in trend],
        ),
        "average_trend": chart(
            "average-trend",
            "line",
            labels,
            [(_("Promedio (1 a 5)"), [row["average"] for row in trend])],
            _("Calificación promedio por semana")
            if grain == "week"
            else _("Calificación promedio por mes"),
            links=[row["href"] for row in trend],
            measure="average",
        ),
        "dimensions": chart(
            "dimensions",
            "bar",
            [label for _name, label in DIMENSIONS],
            [(_("Promedio (1 a 5)"), [dimensions[name] for name, _label in DIMENSIONS])],
            _("Promedio de los ocho componentes del servicio"),
            horizontal=True,
            links=[data["links"]["answered"]] * len(DIMENSIONS),
            measure="average",
        ),
        "agents": chart(
            "csat-agents",
            "bar",
            [row["label"] for row in agents],
            [(_("CSAT (%)"), [row["csat"] for row in agents])],
            _("CSAT por agente"),
            horizontal=True,
            percent=True,
            unit="%",
            links=[row["href"] for row in agents],
        ),
    }


@role_required(Role.AGENT)
def satisfaction(request):
    form, filters = dashboard_filters(request)
    data = satisfaction_dashboard(filters)
    satisfaction_links(filters, data)
    return render_dashboard(
        request,
        "dashboards/satisfaction.html",
        tab="satisfaction",
        form=form,
        filters=filters,
        data=data,
        charts=_satisfaction_charts(data),
        breakdowns=[
            (_("Por agente"), data["by_agent"], "agent"),
            (_("Por equipo"), data["by_team"], "team"),
            (_("Por tipo de PQR"), data["by_type"], "type"),
        ],
        results_url=survey_results_url(filters),
    )


def _causes_charts(data: dict) -> dict:
    pareto, anger = data["pareto"], data["anger"]
    return {
        "pareto": chart(
            "pareto",
            "bar",
            [row["name"] for row in pareto],
            [
                (_("Quejas y reclamos"), [row["count"] for row in pareto]),
                (_("Porcentaje acumulado"), [row["cumulative"] for row in pareto]),
            ],
            _("Pareto de causas raíz (quejas y reclamos resueltos)"),
            line_series=[1],
            links=[row["href"] for row in pareto],
        ),
        "anger": chart(
            "anger",
            "bar",
            [row["label"] for row in anger["levels"]],
            [
                (_("Al radicar"), [row["intake"] for row in anger["levels"]]),
                (_("Al resolver"), [row["resolution"] for row in anger["levels"]]),
            ],
            _("Nivel de ira al radicar y al resolver"),
            series_links=[
                [row[f"{side}_href"] for row in anger["levels"]]
                for side in ("intake", "resolution")
            ],
        ),
    }


@role_required(Role.AGENT)
def causes(request):
    form, filters = dashboard_filters(request)
    data = causes_dashboard(filters)
    causes_links(filters, data)
    return render_dashboard(
        request,
        "dashboards/causes.html",
        tab="causes",
        form=form,
        filters=filters,
        data=data,
        charts=_causes_charts(data),
    )
