"""The one place where a dashboard or report figure becomes the link to its PQRs.

`queue_url(filters, ...)` is the queue with the page's filters (team, type, channel;
agents: only their own PQRs) plus the parameters of what the figure counts, read by
`pqr.selectors_queue.queue_drill`. `period="received"` or `"resolved"` applies the
page's period to that date. Templates never build these links by hand.
"""

from __future__ import annotations

import calendar
from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

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
    resolved in the period; its shares open all the complaints with a cause), each
    moment of truth (received in the period; its satisfaction, the PQRs whose survey
    was answered in the period), each anger level at intake and at resolution, each
    difficult-customer tag (the period's PQRs of customers carrying it today) and each
    customer who came back (their PQRs in the 90-day window)."""
    data["pareto_href"] = queue_url(
        filters, period=RESOLVED, status="all", complaints="on", cause="any"
    )
    for row in data["pareto"]:
        row["href"] = queue_url(
            filters, period=RESOLVED, status="all", complaints="on", cause=row["root_cause"]
        )
    for moment in data["moments"]["moments"]:
        moment["href"] = queue_url(filters, period=RECEIVED, status="all", moment=moment["id"])
        moment["complaints_href"] = f"{moment['href']}&complaints=on"
        # Its satisfaction: the answers given in the period about PQRs of that moment.
        moment["rated_href"] = queue_url(
            filters,
            status="all",
            moment=moment["id"],
            survey="answered",
            survey_from=filters.start,
            survey_to=filters.end,
        )
    anger = data["anger"]
    anger["links"] = {
        change: queue_url(filters, period=RESOLVED, status="all", anger_change=change)
        for change in ("calmer", "same", "angrier", "measured")
    }
    for level in anger["levels"]:
        for side in ("intake", "resolution"):
            level[f"{side}_href"] = f"{anger['links']['measured']}&anger_{side}={level['level']}"
    for row in data["tags"]["by_tag"]:
        row["href"] = queue_url(filters, period=RECEIVED, status="all", tag=row["tag"])
    start, end = data["repeat_window"]
    for row in data["repeat"]:
        row["href"] = queue_url(
            filters,
            status="all",
            received_from=start,
            received_to=end,
            customer=row["customer"],
        )


def _bucket_range(filters: DashboardFilters, start, grain: str) -> tuple:
    """The days of a trend point (a week or a month) that fall inside the period."""
    if hasattr(start, "hour"):  # truncated in Bogotá time; naive when read by raw SQL
        start = (timezone.localtime(start) if timezone.is_aware(start) else start).date()
    if grain == "week":
        end = start + timedelta(days=6)
    else:
        end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    return max(start, filters.start), min(end, filters.end)


def satisfaction_links(filters: DashboardFilters, data: dict) -> None:
    """Links for the satisfaction page: each figure opens the PQRs whose surveys it was
    worked out from (answered, sent, or with a recovery case, in the period). A rate
    or an average opens the PQRs it is worked out from; general-form answers have no
    PQR, so the page says how many of the figures' answers the queue can list."""

    def survey_url(kind: str, start=None, end=None, **params) -> str:
        return queue_url(
            filters,
            status="all",
            survey=kind,
            survey_from=start or filters.start,
            survey_to=end or filters.end,
            **params,
        )

    data["links"] = {
        kind: survey_url(kind)
        for kind in (
            "answered",
            "satisfied",
            "sent",
            "sent_answered",
            "recovery_open",
            "recovery_closed",
        )
    }
    for row in data["trend"]:
        row["href"] = survey_url("answered", *_bucket_range(filters, row["period"], data["grain"]))
    params = {"by_agent": "assignee", "by_team": "team", "by_type": "pqr_type"}
    for name, param in params.items():
        for row in data[name]:
            row["href"] = survey_url("answered", **{param: row["key"]})


def scorecard_links(filters: DashboardFilters, card) -> None:
    """`href` on each scorecard figure: the PQRs of that holder (agent row) or team,
    assigned to someone (the scorecard counts each PQR for its current holder), that
    the figure counts (open at the period's end, resolved in it) or is worked out from
    (a rate's or a median's PQRs, the answers behind the CSAT). The total row is linked
    when the queue can narrow to the same scope: every team, or the one supervised."""
    resolved = {"period": RESOLVED, "status": "all"}
    figures = {
        "open": {"status": "all", "open_on": filters.end},
        "resolved": resolved,
        "on_time": {**resolved, "outcome": "due_measured"},
        "first": {**resolved, "outcome": "answered"},
        "resolution": {**resolved, "outcome": "resolved"},
        "csat": {
            "status": "all",
            "survey": "answered",
            "survey_from": filters.start,
            "survey_to": filters.end,
        },
        "reopen": resolved,
    }

    def link(row: dict | None, **scope) -> None:
        if row is None:
            return
        for name, params in figures.items():
            if name in row:
                row[name]["href"] = queue_url(filters, assigned="on", **scope, **params)

    team_ids = card.scope.team_ids
    one_team = {"team": team_ids[0]} if team_ids and len(team_ids) == 1 else {}
    for row in card.agents:
        link(row, assignee=row["key"], **one_team)
    for row in card.teams:
        link(row, team=row["key"])
    if team_ids is None or one_team:
        link(card.total, **one_team)
