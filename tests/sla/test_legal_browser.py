"""The agent sees "En pausa" with the customer's deadline in the queue and on the PQR
page, and the page offers to record the day the information arrived."""

import pytest
from django.urls import reverse

from core.roles import Role
from pqr.services import pqr_request_completion
from tests.answers import IN_PERSON
from tests.browser import launch, shot
from tests.factories import UserFactory
from tests.pqr.factories import TeamFactory, make_pqr


@pytest.mark.browser
def test_agent_sees_en_pausa_and_records_the_arrival(live_server):
    from playwright.sync_api import expect, sync_playwright

    agent = UserFactory(username="carolina.agente", first_name="Carolina", role=Role.AGENT)
    team = TeamFactory(name="Atención al cliente")
    team.members.add(agent)
    pqr = make_pqr(actor=agent, team=team, subject="Cobro de reconexión sin corte")
    pqr_request_completion(
        pqr=pqr, actor=agent, missing="Copia de la factura de octubre", delivery=IN_PERSON
    )
    make_pqr(actor=agent, team=team, subject="Daño en el medidor")
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", "carolina.agente")
        page.fill("input[name=password]", "a-Strong-pass-123")
        page.get_by_role("button", name="Ingresar").click()
        page.goto(live_server.url + reverse("pqr:queue"))
        expect(page.locator("[data-due=paused]")).to_contain_text("En pausa")
        shot(page, "legal-queue-en-pausa.png")
        page.goto(live_server.url + reverse("pqr:detail", args=[pqr.pk]))
        expect(page.locator("[data-testid=completion-due]")).to_be_visible()
        page.get_by_text("El ciudadano completó la información").click()
        shot(page, "legal-detail-completion.png")
        page.get_by_role("button", name="Registrar y reanudar").click()
        expect(page.locator("body")).to_contain_text("En trámite")
        browser.close()
