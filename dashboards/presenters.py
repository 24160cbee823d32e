"""Turn selector results into chart descriptions and links for the templates."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .charts import chart
from .filters import DashboardFilters
from .selectors_workload import BUCKETS

BREAKDOWN_TITLES = {
    "team": gettext_lazy("Incumplimientos por equipo"),
    "agent": gettext_lazy("Incumplimientos por agente"),
    "pqr_type": gettext_lazy("Incumplimientos por tipo"),
    "channel": gettext_lazy("Incumplimientos por canal"),
}


def queue_link(filters: DashboardFilters, **params) -> str:
    """The PQR queue filtered like the dashboard (agents: only their own PQRs)."""
    if filters.team is not None:
        params["team"] = filters.team.pk
    if filters.pqr_type is not None:
        params["pqr_type"] = filters.pqr_type.pk
    if filters.channel:
        params["channel"] = filters.channel
    if filters.agent_only:
        params["mine"] = "on"
    return f"{reverse('pqr:queue')}?{urlencode(params)}"


def sla_charts(data) -> dict:
    weekly = data.weekly
    return {
        "by_status": chart(
            "open-by-status",
            "doughnut",
            [label for label, _code, _n in data.open["by_status"]],
            [(_("PQR abiertas"), [n for _label, _code, n in data.open["by_status"]])],
            _("PQR abiertas por estado"),
        ),
        "weekly": chart(
            "compliance-weekly",
            # A line needs a few weeks to show a trend; fewer read better as bars.
            "line" if len(weekly) >= 3 else "bar",
            [date_format(row["week"], "j M") for row in weekly],
            [
                (_("Dentro del plazo prometido"), [_round(row["due_rate"]) for row in weekly]),
                (_("Dentro del término legal"), [_round(row["legal_rate"]) for row in weekly]),
            ],
            _("Cumplimiento por semana de resolución (%)"),
            percent=True,
            unit="%",
        ),
        "breaches": [
            chart(
                f"breaches-{name}",
                "bar",
                [row["label"] for row in rows],
                [(_("Incumplimientos"), [row["breaches"] for row in rows])],
                BREAKDOWN_TITLES[name],
                horizontal=True,
            )
            for name, rows in data.breaches.items()
        ],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def workload_charts(data) -> dict:
    names = [
        _("0 a 5 días hábiles"),
        _("6 a 10 días hábiles"),
        _("11 a 15 días hábiles"),
        _("Más de 15 días hábiles"),
    ]
    top = data.by_agent[:10]
    return {
        "ages": chart(
            "open-by-age",
            "doughnut",
            names,
            [(_("PQR abiertas"), [data.totals[key] for key in BUCKETS])],
            _("PQR abiertas por antigüedad"),
        ),
        "agents": chart(
            "open-by-agent",
            "bar",
            [row["label"] for row in top],
            [(name, [row[key] for row in top]) for name, key in zip(names, BUCKETS, strict=True)],
            _("PQR abiertas por agente y antigüedad (los 10 con más carga)"),
            horizontal=True,
            stacked=True,
        ),
    }
