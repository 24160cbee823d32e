"""Satisfaction dashboard: CSAT and averages by period, agent, team and type.

The headline figures (CSAT, average, the eight dimensions, recovery cases) come from the
Surveys results selector, so both pages always agree; this module adds the breakdowns.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek

from surveys import selectors as survey_selectors

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


def _csat_aggregates() -> dict:
    return {
        "total": Count("id"),
        "satisfied": Count("id", filter=Q(score__gte=4)),
        "average": Avg("score"),
    }


def _with_csat(row: dict) -> dict:
    total = row["total"]
    row["csat"] = round(row["satisfied"] * 100 / total, 1) if total else None
    row["average"] = round(float(row["average"]), 2) if row["average"] is not None else None
    return row


def trend_grain(filters) -> str:
    span = (filters.end - filters.start).days if filters.start and filters.end else None
    return "week" if span is not None and span <= WEEKLY_MAX_DAYS else "month"


def _trend(responses: QuerySet, grain: str) -> list[dict]:
    trunc = TruncWeek if grain == "week" else TruncMonth
    rows = (
        responses.annotate(period=trunc("answered_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .values("period")
        .annotate(**_csat_aggregates())
        .order_by("period")
    )
    return [_with_csat(row) for row in rows]


def _breakdown(responses: QuerySet, key: str, *label_fields: str) -> list[dict]:
    """CSAT per value of `key` (a PQR field), the biggest groups first.

    The label is the first non-blank join of `label_fields` groups separated by "|"."""
    fields = [field for group in label_fields for field in group.split("|")]
    rows = (
        responses.filter(**{f"{key}__isnull": False})
        .values(key, *fields)
        .annotate(**_csat_aggregates())
        .order_by("-total", key)[:BREAKDOWN_LIMIT]
    )
    result = []
    for row in rows:
        labels = (" ".join(row[f] for f in group.split("|") if row[f]) for group in label_fields)
        label = next((text for text in labels if text.strip()), "")
        result.append(_with_csat({**row, "key": row[key], "label": label or str(row[key])}))
    return result


def satisfaction_dashboard(filters) -> dict:
    """Every figure of the satisfaction page in a constant number of queries."""
    sfilters = survey_filters(filters)
    summary = survey_selectors.results_summary(user=filters.user, filters=sfilters)
    responses = survey_selectors.responses_for(user=filters.user, filters=sfilters)
    grain = trend_grain(filters)
    return {
        "summary": summary,
        "grain": grain,
        "trend": _trend(responses, grain),
        "by_agent": _breakdown(
            responses,
            "survey__pqr__assigned_to",
            "survey__pqr__assigned_to__first_name|survey__pqr__assigned_to__last_name",
            "survey__pqr__assigned_to__username",
        ),
        "by_team": _breakdown(responses, "survey__pqr__team", "survey__pqr__team__name"),
        "by_type": _breakdown(responses, "survey__pqr__pqr_type", "survey__pqr__pqr_type__name"),
    }
