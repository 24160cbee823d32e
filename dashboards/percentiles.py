"""Business-hour medians and p90 of the PQRs resolved in a period, read from the
pre-bucketed counts (`DailyDurationBuckets`): one small GROUP BY whatever the number
of PQRs, instead of sorting every PQR resolved in the period (issue 18: the 30-day
SLA page grew 2.2-2.9x from 100k to 1M PQRs because of that sort)."""

from __future__ import annotations

import math

from django.db.models import Sum

from .filters import DashboardFilters
from .models import DailyDurationBuckets, DurationMeasure

FIGURES = {
    DurationMeasure.FIRST_RESPONSE: "first_response",
    DurationMeasure.RESOLUTION: "resolution",
}


def percentile_cont(histogram: list[tuple[float, int]], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont over values given as (value, count), sorted by
    value: the value at rank fraction*(n-1), interpolated between its neighbours."""
    total = sum(count for _value, count in histogram)
    if not total:
        return None
    rank = fraction * (total - 1)
    low, high = math.floor(rank), math.ceil(rank)

    def value_at(position: int) -> float:
        seen = 0
        for value, count in histogram:
            seen += count
            if position < seen:
                return value
        return histogram[-1][0]

    below = value_at(low)
    return below + (rank - low) * (value_at(high) - below)


def bucketed_percentiles(*, filters: DashboardFilters) -> dict | None:
    """answered, first_response_median/p90, resolution_median/p90 for the period, or
    None when a filter needs a dimension the buckets do not keep (type, channel, an
    agent's own figures): the caller then computes them exactly."""
    if filters.pqr_type is not None or filters.channel or filters.agent_only:
        return None
    team = {"team_id": filters.team.pk} if filters.team is not None else {"team__isnull": True}
    rows = (
        DailyDurationBuckets.objects.filter(day__gte=filters.start, day__lte=filters.end, **team)
        .values_list("measure", "bucket")
        .annotate(n=Sum("count"))
        .order_by("measure", "bucket")
    )
    histograms: dict[str, list[tuple[float, int]]] = {measure: [] for measure in FIGURES}
    for measure, bucket, n in rows:
        histograms[measure].append((float(bucket), n))
    figures = {"answered": sum(n for _b, n in histograms[DurationMeasure.FIRST_RESPONSE])}
    for measure, name in FIGURES.items():
        figures[f"{name}_median"] = percentile_cont(histograms[measure], 0.5)
        figures[f"{name}_p90"] = percentile_cont(histograms[measure], 0.9)
    return figures
