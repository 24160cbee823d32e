"""The agent's home in Chromium: every count is a link to the queue, and the queue
that opens says (and lists) as many PQRs as the card showed."""

import re

import pytest
from django.urls import reverse

from tests.browser import launch, shot
from tests.factories import UserFactory
from tests.pqr.factories import TeamFactory

from .workday import build_workday


def _login(page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-Strong-pass-123")
    page.get_by_role("button", name="Ingresar").click()


@pytest.mark.browser
def test_home_counts_link_to_the_queue_with_the_same_number(live_server):
    from playwright.sync_api import expect, sync_playwright

    agent = UserFactory(
        username="carolina.agente", first_name="Carolina", last_name="Restrepo", role="Agente"
    )
    teammate = UserFactory(
        username="laura.agente", first_name="Laura", last_name="Gómez", role="Agente"
    )
    team = TeamFactory(name="Atención al cliente")
    team.members.add(agent, teammate)
    build_workday(agent, team, other=teammate)

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        _login(page, live_server.url, agent.username)
        expect(page.locator("[data-count='mine-overdue'] [data-value]")).to_have_text("2")
        shot(page, "home-agent.png")
        names = page.locator("[data-count]").evaluate_all(
            "cards => cards.map(c => c.dataset.count)"
        )
        assert len(names) == 14
        for name in names:
            page.goto(live_server.url + reverse("home"))
            card = page.locator(f"[data-count='{name}']")
            shown = int(card.locator("[data-value]").inner_text())
            card.click()
            expect(page).to_have_url(re.compile(r"/pqr/\?"))
            expect(page.get_by_test_id("result-count")).to_contain_text(f"{shown} PQR")
            expect(page.locator("table tbody tr td a[href*='/pqr/']")).to_have_count(shown)
        page.goto(live_server.url + reverse("home"))
        page.locator("[data-count='team-overdue']").click()
        expect(page.get_by_test_id("result-count")).to_have_text("3 PQR cumplen los filtros")
        expect(page.locator("#id_due")).to_have_value("overdue")
        browser.close()
