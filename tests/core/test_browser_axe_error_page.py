"""The 500 page (served by Django's handler when a view fails, DEBUG off) passes axe
WCAG 2.1 A/AA in Chromium, and says what a customer needs to know. The 403 and 404
pages are in test_browser_axe_every_page; Django's admin and the Swagger UI of the API
are third-party pages and stay out of the walk (docs/accessibility.md)."""

import pytest

from tests.browser import launch
from tests.core.test_browser_axe_every_page import _check


@pytest.mark.browser
def test_the_500_page_passes_axe_and_tells_the_customer_what_happened(live_server, settings):
    from playwright.sync_api import sync_playwright

    settings.ROOT_URLCONF = "tests.core.urls_failing"
    settings.DEBUG = False
    failures: dict = {}
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_context(bypass_csp=True).new_page()
        _check(page, live_server.url + "/falla-a-proposito/", failures, status=500)
        body = page.locator("body").inner_text()
        browser.close()
    assert failures == {}
    assert "Algo salió mal de nuestro lado" in body
    assert "radicado" in body
