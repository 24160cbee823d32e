"""Satisfaction dashboard: CSAT and averages by period, agent, team and type.

The headline figures (CSAT, average, the eight dimensions, recovery cases) come from the
Surveys results selector, so both pages always agree; this module adds the breakdowns.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils.translation import gettext

from surveys import selectors as survey_selectors

from .grouping import grouping_sets

# Longer ranges are grouped by month so that the trend chart keeps a readable width.
WEEKLY_MAX_DAYS = 120
BREAKDOWN_LIMIT = 15


def survey_filters(filters) -> dict:
    """The dashboard filters in the shape the Surveys selectors (and results page) take."""
    values = {
        "date_from": filters.start,
        "date_to": filters.end,
        "team": filters.team,
        "pqr_type": filters.pqr_type,
        "channel": filters.channel,
        "agent": filters.user if filters.agent_only else None,
    }
    return {key: value for key, value in values.items() if value not in (None, "")}


def _with_csat(row: dict) -> dict:
    total = row["total"]
    row["csat"] = round(row["satisfied"] * 100 / total, 1) if total else None
    row["average"] = round(float(row["average"]), 2) if row["average"] is not None else None
    return row


def trend_grain(filters) -> str:
    span = (filters.end - filters.start).days if filters.start and filters.end else None
    return "week" if span is not None and span <= WEEKLY_MAX_DAYS else "month"


# The trend and the three breakdowns come from one scan of the answers.
GROUPINGS = {
    "trend": ("period",),
    "by_agent": ("agent", "agent_first", "agent_last", "agent_username"),
    "by_team": ("team", "team_name"),
    "by_type": ("pqr_type", "type_name"),
}


def _grouped_rows(responses: QuerySet, grain: str) -> dict[str, list[dict]]:
    trunc = TruncWeek if grain == "week" else TruncMonth
    inner = responses.values(
        "score",
        period=trunc("answered_at", tzinfo=ZoneInfo(settings.TIME_ZONE)),
        agent=F("survey__pqr__assigned_to"),
        agent_first=F("survey__pqr__assigned_to__first_name"),
        agent_last=F("survey__pqr__assigned_to__last_name"),
        agent_username=F("survey__pqr__assigned_to__username"),
        team=F("survey__pqr__team"),
        team_name=F("survey__pqr__team__name"),
        pqr_type=F("survey__pqr__pqr_type"),
        type_name=F("survey__pqr__pqr_type__name"),
    )
    aggregates = (
        "COUNT(*) AS total, COUNT(*) FILTER (WHERE score >= 4) AS satisfied, AVG(score) AS average"
    )
    return grouping_sets(inner, GROUPINGS, aggregates)


def _agent_label(row: dict) -> str:
    full = " ".join(part for part in (row["agent_first"], row["agent_last"]) if part)
    return full or row["agent_username"]


LABELS = {
    "by_agent": ("agent", _agent_label),
    "by_team": ("team", lambda row: row["team_name"]),
    "by_type": ("pqr_type", lambda row: gettext(row["type_name"])),
}


def _split(grouped: dict[str, list[dict]]) -> dict:
    sections = {
        "trend": [_with_csat({"period": r["period"], **_figures(r)}) for r in grouped["trend"]]
    }
    for name, (key, label) in LABELS.items():
        sections[name] = [
            _with_csat({"key": row[key], "label": label(row), **_figures(row)})
            for row in grouped[name]
            if row[key] is not None  # general-form answers or unassigned PQRs
        ]
    # Every PQR has a type: these rows, before the cut, are the answers about PQRs.
    by_type = sections["by_type"]
    sections["pqr_answers"] = {
        "total": sum(row["total"] for row in by_type),
        "satisfied": sum(row["satisfied"] for row in by_type),
    }
    sections["trend"].sort(key=lambda row: row["period"])
    for name in LABELS:
        sections[name].sort(key=lambda row: (-row["total"], row["label"]))
        del sections[name][BREAKDOWN_LIMIT:]
    return sections


def _figures(row: dict) -> dict:
    return {key: row[key] for key in ("total", "satisfied", "average")}


def satisfaction_dashboard(filters) -> dict:
    """Every figure of the satisfaction page in a constant number of queries."""
    sfilters = survey_filters(filters)
    summary = survey_selectors.results_summary(user=filters.user, filters=sfilters)
    responses = survey_selectors.responses_for(user=filters.user, filters=sfilters)
    grain = trend_grain(filters)
    sections = _split(_grouped_rows(responses, grain))
    sections["pqr_answers"]["general"] = summary["total"] - sections["pqr_answers"]["total"]
    return {"summary": summary, "grain": grain, **sections}
