"""In Chromium: a radicado typed the way a caller reads it out ("141", "000141",
"2026-141", "pqr2026000141") finds the PQR in the staff search box of the queue and
in the public lookup (with the owner's document)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pqr.models import Pqr
from tests.browser import launch
from tests.factories import UserFactory

from .factories import CustomerFactory, TeamFactory, make_pqr


@pytest.mark.browser
def test_radicado_read_out_finds_the_pqr_in_the_queue_and_the_public_lookup(live_server):
    from playwright.sync_api import expect, sync_playwright

    agent = UserFactory(username="rita.agente", first_name="Rita", role="Agente")
    team = TeamFactory(name="Atención al cliente")
    team.members.add(agent)
    customer = CustomerFactory(document_number="71234567")
    year = timezone.localdate().year
    radicado = f"PQR-{year}-000141"
    for _ in range(2):
        make_pqr(actor=agent, team=team, subject="Otra consulta")
    wanted = make_pqr(actor=agent, team=team, subject="Cambio de medidor", customer=customer)
    Pqr.objects.filter(pk=wanted.pk).update(radicado=radicado)
    spellings = ["141", "000141", f"{year}-141", f"pqr{year}000141"]

    with sync_playwright() as p:
        browser = launch(p)
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "es-CO"}
        staff = browser.new_context(**options).new_page()
        staff.goto(live_server.url + reverse("login"))
        staff.get_by_label("Usuario").fill(agent.username)
        staff.get_by_label("Contraseña").fill("a-Strong-pass-123")
        staff.get_by_role("button", name="Ingresar").click()
        for typed in spellings:
            staff.goto(live_server.url + reverse("pqr:queue"))
            search = staff.get_by_label("Buscar", exact=True)
            search.fill(typed)
            search.press("Enter")
            expect(staff.get_by_test_id("result-count")).to_have_text("1 PQR cumple los filtros")
            expect(staff.get_by_role("link", name=radicado)).to_be_visible()
            expect(staff.get_by_text("Otra consulta")).to_have_count(0)

        for typed in spellings:
            public = browser.new_context(**options).new_page()
            public.goto(live_server.url + reverse("pqr:public_lookup"))
            public.get_by_label("Número de radicado").fill(typed)
            public.get_by_label("Número de documento o correo electrónico").fill("71234567")
            public.get_by_role("button", name="Consultar").click()
            expect(public.get_by_test_id("lookup-radicado")).to_have_text(radicado)
            public.context.close()
        browser.close()
