"""The one place where a dashboard or report figure becomes the link to its PQRs.

`queue_url(filters, ...)` is the queue with the page's filters (team, type, channel;
agents: only their own PQRs) plus the parameters of what the figure counts, read by
`pqr.selectors_queue.queue_drill`. `period="received"` or `"resolved"` applies the
page's period to that date. Templates never build these links by hand.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from .filters import DashboardFilters

RECEIVED, RESOLVED = "received", "resolved"


def queue_url(filters: DashboardFilters | None, *, period: str = "", **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "", False)}
    if filters is not None:
        if filters.team is not None:
            params.setdefault("team", filters.team.pk)
        if filters.pqr_type is not None:
            params.setdefault("pqr_type", filters.pqr_type.pk)
        if filters.channel:
            params.setdefault("channel", filters.channel)
        if filters.agent_only:
            params["mine"] = "on"
        if period in (RECEIVED, RESOLVED):
            params.setdefault(f"{period}_from", filters.start.isoformat())
            params.setdefault(f"{period}_to", filters.end.isoformat())
    for key, value in params.items():
        if hasattr(value, "isoformat"):
            params[key] = value.isoformat()
    return f"{reverse('pqr:queue')}?{urlencode(params)}"


# What a breakdown row of the SLA page stands for, as queue parameters.
def breakdown_params(dimension: str, row: dict) -> dict:
    if dimension == "agent":
        return {"assignee": row.get("assigned_to") or "none"}
    if dimension == "team":
        return {"team": row["team"]}
    if dimension == "pqr_type":
        return {"pqr_type": row["pqr_type"]}
    return {"channel": row["channel"]}


def breach_url(filters: DashboardFilters, dimension: str, row: dict) -> str:
    """A breach bar: resolved late in the period plus open ones past their date."""
    return queue_url(
        filters, period=RESOLVED, status="all", breach="on", **breakdown_params(dimension, row)
    )


def report_links(filters: DashboardFilters, tables) -> None:
    """Links for the cells of report tables whose `params` say what each cell counts
    (None: not a count, e.g. an average), and for lists of cases."""
    for table in tables:
        if table.params is not None:
            table.links = [
                [None if p is None else queue_url(filters, **p) for p in row]
                for row in table.params
            ]
        if table.list_params is not None:
            table.list_link = queue_url(filters, **table.list_params)


def causes_links(filters: DashboardFilters, data: dict) -> None:
    """`href` on the causes page's counts: each root cause of the Pareto (complaints
    resolved in the period), each moment of truth (received in the period) and each
    customer who came back (their PQRs in the 90-day window)."""
    for row in data["pareto"]:
        row["href"] = queue_url(
            filters, period=RESOLVED, status="all", complaints="on", cause=row["root_cause"]
        )
    for moment in data["moments"]["moments"]:
        moment["href"] = queue_url(filters, period=RECEIVED, status="all", moment=moment["id"])
        moment["complaints_href"] = f"{moment['href']}&complaints=on"
    anger = data["anger"]
    anger["links"] = {
        change: queue_url(filters, period=RESOLVED, status="all", anger_change=change)
        for change in ("calmer", "same", "angrier", "measured")
    }
    start, end = data["repeat_window"]
    for row in data["repeat"]:
        row["href"] = queue_url(
            filters,
            status="all",
            received_from=start,
            received_to=end,
            customer=row["customer"],
        )
