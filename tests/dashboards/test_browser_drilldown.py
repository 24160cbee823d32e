"""In Chromium: a supervisor goes from three different dashboard figures (an SLA card,
a workload table cell, a slice of the open-by-age chart) to the queue, which lists as
many PQRs as the figure said."""

import re

import pytest
from django.urls import reverse

from tests.browser import launch


def _count_in_queue(page) -> int:
    text = page.get_by_test_id("result-count").inner_text()
    return int(re.match(r"(\d+)", text).group(1))


@pytest.mark.browser
def test_three_dashboard_figures_open_lists_of_that_size(live_server, supervisor, office):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", supervisor.username)
        page.fill("input[name=password]", "a-Strong-pass-123")
        page.get_by_role("button", name="Ingresar").click()

        # 1. The SLA page's "Vencidas" card.
        page.goto(live_server.url + reverse("dashboards:sla"))
        shown = int(page.locator("[data-metric='overdue']").inner_text())
        assert shown > 0
        page.locator("a:has([data-metric='overdue'])").click()
        expect(page.get_by_test_id("result-count")).to_be_visible()
        assert _count_in_queue(page) == shown
        expect(page.locator("#id_due")).to_have_value("overdue")

        # 2. A cell of the workload page's per-agent table.
        page.goto(live_server.url + reverse("dashboards:workload"))
        cell = page.locator("#workload-agents tbody tr").first.locator("a[data-cell='total']")
        shown = int(cell.inner_text())
        cell.click()
        expect(page.get_by_test_id("result-count")).to_be_visible()
        assert _count_in_queue(page) == shown
        expect(page.locator("table tbody tr td a[href*='/pqr/']")).to_have_count(min(shown, 25))

        # 3. A slice of the open-by-age chart (Chart.js click on the first slice).
        page.goto(live_server.url + reverse("dashboards:workload"))
        page.wait_for_function("typeof Chart !== 'undefined' && Chart.getChart('open-by-age')")
        values = page.evaluate("Chart.getChart('open-by-age').data.datasets[0].data")
        index = next(i for i, v in enumerate(values) if v)
        point = page.evaluate(
            "i => { const c = Chart.getChart('open-by-age'); const a = c.getDatasetMeta(0)"
            ".data[i].tooltipPosition(); const r = c.canvas.getBoundingClientRect();"
            " return {x: r.left + a.x, y: r.top + a.y}; }",
            index,
        )
        page.mouse.click(point["x"], point["y"])
        expect(page.get_by_test_id("result-count")).to_be_visible()
        assert _count_in_queue(page) == values[index]
        assert page.locator("#id_age").input_value() != ""
        browser.close()
