"""In Chromium, as a supervisor: the scheduled reports page explains a mistake and keeps
what was typed, creates and pauses a subscription, shows a failed delivery with its
error and "Reintentar", and axe-core finds no WCAG 2.1 A/AA violation on it."""

import pytest
from django.urls import reverse

from dashboards.models import ReportDelivery, ReportSubscription
from tests.browser import launch, shot
from tests.core.test_browser_accessibility import _violations

from .test_browser_supervisor import _login


@pytest.mark.browser
def test_subscriptions_page_in_the_browser(live_server, supervisor, team_a, team_b):
    from playwright.sync_api import expect, sync_playwright

    team_a.supervisors.add(supervisor)
    old = ReportSubscription.objects.create(
        owner=supervisor, report="pqrs", frequency="monthly", file_format="pdf", team=team_a
    )
    failed = ReportDelivery.objects.create(
        subscription=old,
        period_start="2026-10-01",
        period_end="2026-10-31",
        status="failed",
        attempts=10,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(
            viewport={"width": 1280, "height": 900}, locale="es-CO", bypass_csp=True
        )
        _login(page, live_server.url, supervisor.username)
        page.goto(live_server.url + reverse("dashboards:report_pqrs"))
        page.locator("[data-link=subscriptions]").click()
        expect(page.get_by_role("heading", name="Informes programados")).to_be_visible()
        row = page.get_by_test_id(f"delivery-{failed.pk}")
        expect(row).to_contain_text("Falló")
        expect(row).to_contain_text("SMTPServerDisconnected")
        expect(row.get_by_role("button", name="Reintentar")).to_be_visible()
        assert _violations(page) == []

        # No report chosen: the error says so, the team and format stay as typed.
        page.locator("#id_team").select_option(str(team_a.pk))
        page.get_by_label("PDF y Excel").check()
        page.get_by_role("button", name="Programar envío").click()
        expect(page.get_by_text("Elija qué informe quiere recibir.")).to_be_visible()
        expect(page.locator("#id_team")).to_have_value(str(team_a.pk))
        expect(page.get_by_label("PDF y Excel")).to_be_checked()
        assert _violations(page) == []
        shot(page, "scheduled-reports-error.png")

        page.locator("#id_report").select_option("sla_satisfaction")
        page.get_by_label("Semanal: la semana anterior, cada lunes").check()
        page.get_by_role("button", name="Programar envío").click()
        expect(page.get_by_text("Listo: recibirá este informe por correo.")).to_be_visible()
        new = ReportSubscription.objects.exclude(pk=old.pk).get()
        assert (new.report, new.frequency, new.file_format, new.team_id) == (
            "sla_satisfaction",
            "weekly",
            "both",
            team_a.pk,
        )
        sub_row = page.get_by_test_id(f"subscription-{new.pk}")
        sub_row.get_by_role("button", name="Pausar").click()
        expect(page.get_by_test_id(f"subscription-{new.pk}")).to_contain_text("En pausa")
        assert _violations(page) == []
        shot(page, "scheduled-reports.png")
        browser.close()
