"""Turn selector results into chart descriptions and links for the templates."""

from __future__ import annotations

from datetime import timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .charts import chart
from .drill import RESOLVED, breach_url, queue_url
from .filters import DashboardFilters
from .selectors_workload import BUCKETS

BREAKDOWN_TITLES = {
    "team": gettext_lazy("Incumplimientos por equipo"),
    "agent": gettext_lazy("Incumplimientos por agente"),
    "pqr_type": gettext_lazy("Incumplimientos por tipo"),
    "channel": gettext_lazy("Incumplimientos por canal"),
}


AGE_PARAMS = dict(zip(BUCKETS, ("0_5", "6_10", "11_15", "over_15"), strict=True))


def workload_links(filters: DashboardFilters, data) -> None:
    """Each figure of the workload page gets the queue link listing what it counts:
    `links` on the totals and on every agent and team row, per age column."""

    def links(**params) -> dict[str, str]:
        found = {"total": queue_url(filters, **params)}
        found.update(
            {key: queue_url(filters, **params, age=age) for key, age in AGE_PARAMS.items()}
        )
        return found

    data.totals["links"] = links()
    for row in data.by_agent:
        row["links"] = links(assignee=row["assigned_to"] or "none")
    for row in data.by_team:
        row["links"] = links(team=row["team"])


def status_links(filters: DashboardFilters, by_status) -> list[str]:
    return [queue_url(filters, status=code) for _label, code, _n in by_status]


def week_url(filters: DashboardFilters, monday) -> str:
    """A week's point: the PQRs resolved that week (inside the period) whose promised
    date was measured, i.e. the ones its percentage is worked out from."""
    start = max(monday, filters.start)
    end = min(monday + timedelta(days=6), filters.end)
    return queue_url(
        filters, status="all", resolved_from=start, resolved_to=end, outcome="due_measured"
    )


def period_links(filters: DashboardFilters) -> dict[str, str]:
    """The SLA page's period figures (resolved in the period)."""

    def resolved(outcome: str) -> str:
        return queue_url(filters, period=RESOLVED, status="all", outcome=outcome)

    return {
        name: resolved(name)
        for name in ("due_on_time", "due_measured", "legal_on_time", "legal_measured")
    } | {"answered": resolved("answered"), "resolved": resolved("resolved")}


def now_links(filters: DashboardFilters) -> dict[str, str]:
    """The SLA page's "now" figures (open PQRs, the period does not apply)."""
    links = {due: queue_url(filters, due=due) for due in ("overdue", "today", "next3")}
    links["legal"] = queue_url(filters, legal="on")
    links["open"] = queue_url(filters, status="open")
    for flag in ("accepted", "late"):
        links[f"silence_{flag}"] = queue_url(filters, silence=flag)
    return links


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
            links=[week_url(filters, row["week"]) for row in weekly] if filters else None,
        ),
        "breaches": [
            chart(
                f"breaches-{name}",
                "bar",
                [row["label"] for row in rows],
                [(_("Incumplimientos"), [row["breaches"] for row in rows])],
                BREAKDOWN_TITLES[name],
                horizontal=True,
                links=[breach_url(filters, name, row) for row in rows] if filters else None,
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
            links=[queue_url(filters, age=AGE_PARAMS[key]) for key in BUCKETS] if filters else None,
        ),
        "agents": chart(
            "open-by-agent",
            "bar",
            [row["label"] for row in top],
            [(name, [row[key] for row in top]) for name, key in zip(names, BUCKETS, strict=True)],
            _("PQR abiertas por agente y antigüedad (los 10 con más carga)"),
            horizontal=True,
            stacked=True,
            links=[row["links"]["total"] for row in top] if filters else None,
        ),
    }
