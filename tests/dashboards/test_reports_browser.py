"""The satisfaction, causes and PQRS report pages in a real browser: Chart.js draws the
charts, the circle of moments shows, printing hides the controls; and the screenshots
of docs/screenshots are taken from this realistic office."""

from datetime import date

import pytest
from django.urls import reverse

from tests.browser import launch, shot
from tests.dashboards.analytics_data import showcase

HALF_YEAR = "?preset=custom&start=2026-05-01&end=2026-10-31"
SEMESTER = "?preset=custom&start=2026-01-01&end=2026-06-30"


def _charts_drawn(page) -> int:
    return page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".filter(c => window.Chart && Chart.getChart(c)).length"
    )


@pytest.mark.browser
def test_dashboards_draw_charts_and_print_cleanly(live_server, supervisor):
    from playwright.sync_api import sync_playwright

    showcase(supervisor=supervisor, first_day=date(2026, 1, 12), last_day=date(2026, 10, 30))
    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="es-CO")
        page = context.new_page()
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", supervisor.username)
        page.fill("input[name=password]", "a-Strong-pass-123")
        page.get_by_role("button", name="Ingresar").click()

        page.goto(live_server.url + reverse("dashboards:satisfaction") + HALF_YEAR)
        assert _charts_drawn(page) == 4
        assert page.locator("[data-figure=csat]").is_visible()
        shot(page, "dashboards-satisfaction.png")

        page.goto(live_server.url + reverse("dashboards:causes") + HALF_YEAR)
        assert _charts_drawn(page) == 2
        assert page.locator("svg .moment-node").count() == 8
        assert page.locator("svg .moment-weakest").count() == 1
        shot(page, "dashboards-causes.png")

        page.goto(live_server.url + reverse("dashboards:report_pqrs") + SEMESTER)
        assert page.locator("table[data-table=by_type] tfoot").is_visible()
        shot(page, "dashboards-report-pqrs.png")
        page.emulate_media(media="print")
        assert not page.locator(".dashboard-filters").is_visible()
        assert not page.locator(".dashboard-tabs").is_visible()
        assert not page.locator("[data-export=csv]").is_visible()
        assert page.locator(".report-heading").is_visible()
        assert page.locator("table[data-table=by_channel]").is_visible()
        page.emulate_media(media="screen")

        page.goto(live_server.url + reverse("dashboards:report_information") + SEMESTER)
        assert page.locator("table[data-table=requests]").is_visible()
        shot(page, "dashboards-report-information.png")

        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        page.goto(live_server.url + reverse("dashboards:report_pqrs") + SEMESTER)
        assert page.locator("html").get_attribute("lang") == "en"
        shot(page, "dashboards-report-pqrs-en.png")
        browser.close()
