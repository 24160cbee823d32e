from datetime import date

import pytest
from django.urls import reverse

from dashboards.charts import chart
from dashboards.filters import DashboardFilterForm

PAGES = ["sla", "workload", "satisfaction", "causes"]


@pytest.mark.parametrize("name", PAGES)
def test_every_tab_renders_the_filter_bar_for_a_supervisor(supervisor_client, name):
    response = supervisor_client.get(reverse(f"dashboards:{name}"))
    assert response.status_code == 200
    assert b'name="preset"' in response.content


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("dashboards:sla"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_custom_range_with_start_after_end_is_rejected_and_kept(supervisor_client):
    response = supervisor_client.get(
        reverse("dashboards:sla"), {"preset": "custom", "start": "2026-05-10", "end": "2026-05-01"}
    )
    assert "igual o posterior" in response.content.decode()
    assert 'value="2026-05-10"' in response.content.decode()


def test_custom_range_needs_both_dates(db):
    form = DashboardFilterForm({"preset": "custom", "start": "2026-05-01"})
    assert not form.is_valid()


def test_semester_preset_starts_in_july_for_a_november_day():
    from dashboards.filters import THIS_SEMESTER, preset_range

    assert preset_range(THIS_SEMESTER, date(2026, 11, 23)) == (date(2026, 7, 1), date(2026, 11, 23))


def test_chart_table_rows_carry_the_same_numbers_as_the_series():
    spec = chart("c", "bar", ["a", "b"], [("Abiertas", [3, 0]), ("Vencidas", [1, 2])], "t")
    assert spec["rows"] == [
        ("a", [(3, None), (1, None)], None),
        ("b", [(0, None), (2, None)], None),
    ]
    assert spec["has_data"]
    assert not chart("d", "line", ["a"], [("x", [0])], "t")["has_data"]
