"""In Chromium: an agent finds a PQR by the bare number the caller reads out, and the
citizen opens its status with the bare number and their document."""

import pytest
from django.urls import reverse

from tests.browser import launch
from tests.factories import UserFactory

from .factories import CustomerFactory, TeamFactory, make_pqr


@pytest.mark.browser
def test_radicado_search_by_bare_number(live_server):
    from playwright.sync_api import expect, sync_playwright

    agent = UserFactory(username="carolina.agente", first_name="Carolina", role="Agente")
    team = TeamFactory(name="Atención al cliente")
    team.members.add(agent)
    customer = CustomerFactory(full_name="Jorge Iván Mejía", document_number="71234567")
    for subject in ("Copia de factura", "Cambio de titular"):
        make_pqr(actor=agent, team=team, subject=subject)
    wanted = make_pqr(actor=agent, team=team, subject="Medidor dañado", customer=customer)
    bare = str(int(wanted.radicado.rsplit("-", 1)[1]))

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        page.goto(live_server.url + reverse("pqr:public_lookup"))
        page.get_by_label("Número de radicado").fill(bare)
        page.get_by_label("Número de documento o correo electrónico").fill("71.234.567")
        page.get_by_role("button", name="Consultar").click()
        expect(page.get_by_text(wanted.radicado).first).to_be_visible()

        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", agent.username)
        page.fill("input[name=password]", "a-Strong-pass-123")
        page.get_by_role("button", name="Ingresar").click()
        page.goto(live_server.url + reverse("pqr:queue"))
        page.get_by_label("Buscar").fill(bare)
        page.get_by_role("button", name="Filtrar").click()
        expect(page.get_by_test_id("result-count")).to_have_text("1 PQR cumple los filtros")
        expect(page.get_by_role("link", name=wanted.radicado)).to_be_visible()
        expect(page.get_by_text("Copia de factura")).to_have_count(0)
        browser.close()
