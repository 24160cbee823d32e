"""In Chromium, as a supervisor: a breach bar of the SLA page and a cell of the PQRS
report open the queue listing as many PQRs as they showed; and axe-core finds no WCAG
2.1 A/AA violation on the pages the supervisor works with (dashboards, scorecard,
reports, the queue with its drill-down filters, respuestas tipo, the SLA calendar)."""

import re

import pytest
from django.urls import reverse

from tests.browser import launch, shot
from tests.core.test_browser_accessibility import _violations
from tests.factories import UserFactory

from .test_browser_drilldown import _count_in_queue

PASSWORD = "a-Strong-pass-123"


def _login(page, base, username):
    page.goto(base + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Ingresar").click()


@pytest.mark.browser
def test_breach_bar_and_report_cell_open_lists_of_that_size(live_server, supervisor, office):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        _login(page, live_server.url, supervisor.username)

        # 1. The first bar of "Incumplimientos por agente" (Chart.js click).
        page.goto(live_server.url + reverse("dashboards:sla"))
        page.wait_for_function("typeof Chart !== 'undefined' && Chart.getChart('breaches-agent')")
        values = page.evaluate("Chart.getChart('breaches-agent').data.datasets[0].data")
        page.locator("#breaches-agent").scroll_into_view_if_needed()
        point = page.evaluate(
            "() => { const c = Chart.getChart('breaches-agent'); const b = c.getDatasetMeta(0)"
            ".data[0]; const r = c.canvas.getBoundingClientRect();"
            " return {x: r.left + (b.x + b.base) / 2, y: r.top + b.y}; }"
        )
        page.mouse.click(point["x"], point["y"])
        expect(page.get_by_test_id("result-count")).to_be_visible()
        assert _count_in_queue(page) == values[0]
        expect(page.locator("#id_breach")).to_be_checked()
        shot(page, "drilldown-breach-bar.png")

        # 2. "Respondidas tarde" of the PQRS report's total row.
        page.goto(live_server.url + reverse("dashboards:report_pqrs"))
        cell = page.locator("[data-table='by_type'] tfoot td a").nth(2)
        shown = int(cell.inner_text())
        href = cell.get_attribute("href")
        assert re.search(r"outcome=legal_late", href)
        cell.click()
        expect(page.get_by_test_id("result-count")).to_be_visible()
        assert _count_in_queue(page) == shown
        expect(page.locator("#id_outcome")).to_have_value("legal_late")
        browser.close()


SUPERVISOR_PAGES = [
    "dashboards:sla",
    "dashboards:workload",
    "dashboards:satisfaction",
    "dashboards:causes",
    "dashboards:scorecard",
    "dashboards:report_pqrs",
    "dashboards:report_information",
    "pqr:answer_templates",
    "pqr:answer_template_create",
    "sla:calendar",
]


@pytest.mark.browser
def test_supervisor_pages_pass_axe_wcag21_aa(live_server, office):
    from playwright.sync_api import sync_playwright

    admin = UserFactory(username="admin.axe", first_name="Adela", role="Administrador")
    office.team_a.supervisors.add(admin)
    urls = [reverse(name) for name in SUPERVISOR_PAGES]
    # The queue as a drill-down opens it: "more filters" unfolded.
    urls.append(reverse("pqr:queue") + "?status=all&breach=on&resolved_from=2026-01-01")
    failures = {}
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(
            viewport={"width": 1280, "height": 900}, locale="es-CO", bypass_csp=True
        )
        _login(page, live_server.url, admin.username)
        for url in urls:
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            if found := _violations(page):
                failures[url] = found
            if url == reverse("dashboards:scorecard"):
                shot(page, "scorecard-es.png")
        browser.close()
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
