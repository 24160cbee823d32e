"""The workload page's open PQRs by age, from the snapshot's per-team sums
(OpenSlaCounts), are the figures the snapshot itself gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards.filters import DashboardFilters
from dashboards.models import OpenSlaCounts
from dashboards.open_counts import open_counts_rebuild
from dashboards.selectors_sla import open_snapshot, snapshot_count, summed
from dashboards.selectors_workload import AGENT_FIELDS, BUCKETS, _open_by_age

pytestmark = pytest.mark.django_db


def _from_snapshot(filters):
    qs = open_snapshot(filters).annotate(
        **{name: snapshot_count(age_band=band) for band, name in enumerate(BUCKETS)}
    )
    return summed(
        qs,
        groups={"agent": AGENT_FIELDS, "team": ("team", "team__name")},
        sums=("count", *BUCKETS),
    )


def _rows(sets, name, key):
    return sorted(
        ({k: row[k] for k in (*key, "count", *BUCKETS)} for row in sets[name]),
        key=lambda r: tuple(str(r[k]) for k in key),
    )


@pytest.mark.parametrize("team", [False, True])
def test_age_figures_from_the_sums_equal_the_snapshot(office, supervisor, team):
    today = timezone.localdate()
    filters = DashboardFilters(
        start=today, end=today, user=supervisor, team=office.team_a if team else None
    )
    with CaptureQueriesContext(connection) as read:
        summed_sets = _open_by_age(filters)
    # Not a scan of the snapshot (its rows grow with the open PQRs).
    assert not any("openpqrsnapshot" in q["sql"] for q in read.captured_queries)
    live = _from_snapshot(filters)
    assert live["total"][0]["count"] > 0
    assert _rows(summed_sets, "total", ()) == _rows(live, "total", ())
    assert _rows(summed_sets, "agent", AGENT_FIELDS) == _rows(live, "agent", AGENT_FIELDS)
    assert _rows(summed_sets, "team", ("team",)) == _rows(live, "team", ("team",))


def test_sums_written_before_the_age_bands_are_not_used(office, supervisor):
    """Rows of an older release (no age keys) until the next snapshot: the snapshot."""
    for row in OpenSlaCounts.objects.all():
        row.counts = {k: v for k, v in row.counts.items() if not k.startswith("age_")}
        row.save(update_fields=["counts"])
    today = timezone.localdate()
    filters = DashboardFilters(start=today, end=today, user=supervisor)
    assert _rows(_open_by_age(filters), "team", ("team",)) == _rows(
        _from_snapshot(filters), "team", ("team",)
    )
    open_counts_rebuild()
    assert all("age_0_5" in row.counts for row in OpenSlaCounts.objects.all())
