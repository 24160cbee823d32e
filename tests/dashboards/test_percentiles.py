"""Medians and p90 from the pre-bucketed counts equal PostgreSQL's percentile_cont on
the same values, and the SLA page no longer sorts the PQRs resolved in the period."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards.filters import DashboardFilters
from dashboards.percentiles import bucketed_percentiles, percentile_cont


def _postgres(values, fraction):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(%s) WITHIN GROUP (ORDER BY v) FROM unnest(%s::float8[]) v",
            [fraction, values],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(5))
def test_histogram_percentiles_equal_postgres_on_the_same_values(seed):
    rng = random.Random(seed)
    values = [round(rng.choice([rng.uniform(0, 10), rng.uniform(10, 300)]), 1) for _ in range(97)]
    values = [rng.choice(values[:20]) if rng.random() < 0.3 else v for v in values]
    histogram = {}
    for v in values:
        histogram[v] = histogram.get(v, 0) + 1
    pairs = sorted(histogram.items())
    for fraction in (0.5, 0.9):
        assert percentile_cont(pairs, fraction) == pytest.approx(_postgres(values, fraction))


def _filters(office, **kwargs):
    today = timezone.localdate(office.now)
    return DashboardFilters(start=today - timedelta(days=20), end=today, user=None, **kwargs)


def _hours(qs, field):
    return [float(h) for h in qs.values_list(field, flat=True) if h is not None]


@pytest.mark.parametrize("by_team", [False, True])
def test_bucketed_figures_match_the_exact_ones(office, team_a, by_team):
    filters = _filters(office, **({"team": team_a} if by_team else {}))
    figures = bucketed_percentiles(filters=filters)
    resolved = filters.pqrs(date_field="resolved_at")
    answered = _hours(resolved, "first_response_business_hours")
    resolution = _hours(resolved, "resolution_business_hours")
    assert resolution, "the office has resolutions in the period"
    assert figures["answered"] == len(answered)
    for fraction, suffix in ((0.5, "median"), (0.9, "p90")):
        assert figures[f"first_response_{suffix}"] == pytest.approx(_postgres(answered, fraction))
        assert figures[f"resolution_{suffix}"] == pytest.approx(_postgres(resolution, fraction))


def test_type_and_channel_filters_fall_back_to_exact_figures(office):
    assert bucketed_percentiles(filters=_filters(office, channel="email")) is None


def test_sla_page_reads_no_resolved_pqr_for_its_percentiles(supervisor_client, office):
    with CaptureQueriesContext(connection) as ctx:
        assert supervisor_client.get(reverse("dashboards:sla")).status_code == 200
    assert not [q for q in ctx.captured_queries if "PERCENTILE_CONT" in q["sql"].upper()]
