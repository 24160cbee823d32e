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


AGE_PARAMS = dict(zip(BUCKETS, ("0_5", "6_10", "11_15", "over_15"), strict=True))


def workload_links(filters: DashboardFilters, data) -> None:
    """Each figure of the workload page gets the queue link listing what it counts:
    `links` on the totals and on every agent and team row, per age column."""

    def links(**params) -> dict[str, str]:
        found = {"total": queue_link(filters, **params)}
        found.update(
            {key: queue_link(filters, **params, age=age) for key, age in AGE_PARAMS.items()}
        )
        return found

    data.totals["links"] = links()
    for row in data.by_agent:
        row["links"] = links(assignee=row["assigned_to"] or "none")
    for row in data.by_team:
        row["links"] = links(team=row["team"])


def status_links(filters: DashboardFilters, by_status) -> list[str]:
    return [queue_link(filters, status=code) for _label, code, _n in by_status]


def sla_charts(data, filters: DashboardFilters | None = None) -> dict:
    weekly = data.weekly
    return {
        "by_status": chart(
            "open-by-status",
            "doughnut",
            [label for label, _code, _n in data.open["by_status"]],
            [(_("PQR abiertas"), [n for _label, _code, n in data.open["by_status"]])],
            _("PQR abiertas por estado"),
            links=status_links(filters, data.open["by_status"]) if filters else None,
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


def workload_charts(data, filters: DashboardFilters | None = None) -> dict:
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
            links=[queue_link(filters, age=AGE_PARAMS[key]) for key in BUCKETS]
            if filters
            else None,
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
