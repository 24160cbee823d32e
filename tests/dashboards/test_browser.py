"""The dashboards in a real browser: Chart.js draws every chart, and a supervisor
reassigns an old PQR from the workload page."""

import pytest
from django.urls import reverse

from pqr.models import Pqr
from tests.browser import launch


@pytest.mark.browser
def test_supervisor_sees_drawn_charts_and_reassigns_from_workload(live_server, supervisor, office):
    from playwright.sync_api import sync_playwright

    p7 = office.pqrs["p7"]
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", supervisor.username)
        page.fill("input[name=password]", "a-Strong-pass-123")
        page.get_by_role("button", name="Ingresar").click()
        page.goto(live_server.url + reverse("dashboards:sla"))
        page.wait_for_function("typeof Chart !== 'undefined'")
        drawn = page.evaluate(
            "Array.from(document.querySelectorAll('canvas[data-chart]'))"
            ".map(c => Chart.getChart(c) !== undefined)"
        )
        assert drawn
        assert all(drawn)
        page.goto(live_server.url + reverse("dashboards:workload"))
        page.select_option(f"#reassign-{p7.pk}", str(office.agent_b.pk))
        page.locator(f"form:has(#reassign-{p7.pk}) button").click()
        page.wait_for_load_state()
        assert "reasignada" in page.locator(".alert").first.inner_text()
        browser.close()
    assert Pqr.objects.get(pk=p7.pk).assigned_to == office.agent_b
