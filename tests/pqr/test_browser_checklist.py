"""In Chromium: the protocol checklist (one step, a refused amount that stays on the
PQR page, then the rest together), the keyboard shortcuts of the queue and the PQR
page, and the intake page's help before filing."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from customers.models import DifficultyTag
from customers.services import customer_tag_assign
from pqr.models import EventKind, PqrEvent, ProtocolStep
from tests.browser import launch, shot
from tests.factories import UserFactory

from .factories import CustomerFactory, TeamFactory, make_pqr

NOTES = {
    1: "Le pedí disculpas por el doble cobro del domicilio.",
    2: "Contó que pagó en la app y en la factura aparece dos veces.",
    3: "Prefiere la devolución a la tarjeta antes que un abono.",
    4: "Devolvemos el domicilio cobrado dos veces.",
    5: "Se revisó su historial: cliente desde 2019, sin reclamos anteriores.",
    6: "Confirmó que la devolución le parece justa.",
}


def _agent_and_team():
    agent = UserFactory(username="carolina.agente", first_name="Carolina", role="Agente")
    team = TeamFactory(name="Atención al cliente")
    team.members.add(agent)
    return agent, team


def _login(page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-Strong-pass-123")
    page.get_by_role("button", name="Ingresar").click()


@pytest.mark.browser
def test_checklist_protocol_step_by_step_and_together(live_server):
    from playwright.sync_api import expect, sync_playwright

    agent, team = _agent_and_team()
    customer = CustomerFactory(full_name="Camila Restrepo Vélez")
    pqr = make_pqr(actor=agent, team=team, type_code="reclamo", customer=customer)
    detail = live_server.url + reverse("pqr:detail", args=[pqr.pk])

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="es-CO")
        _login(page, live_server.url, agent.username)
        page.goto(detail)
        checklist = page.get_by_test_id("protocol-checklist")
        # Every step shows its guidance; apologising can never be "no aplica".
        expect(checklist.locator("fieldset")).to_have_count(6)
        expect(checklist.locator("#guia-1")).to_contain_text("disculpa")
        expect(checklist.locator("fieldset[data-step='1'] input[value=na]")).to_have_count(0)

        # Step 1 alone, with its own button; step 2 typed but not saved yet.
        one = checklist.locator("fieldset[data-step='1']")
        one.get_by_label("Hecho").check()
        one.locator("textarea").fill(NOTES[1])
        checklist.locator("fieldset[data-step='2'] textarea").fill(NOTES[2])
        one.get_by_role("button", name="Guardar el paso 1").click()
        expect(page.get_by_text("Paso del protocolo registrado.")).to_be_visible()
        assert list(ProtocolStep.objects.filter(pqr=pqr).values_list("step", flat=True)) == [1]
        expect(checklist.locator("fieldset[data-step='2'] textarea")).to_have_value(NOTES[2])

        # The rest together, with an amount typed the wrong way: refused, on the page.
        for step, note in NOTES.items():
            if step == 1:
                continue
            fieldset = checklist.locator(f"fieldset[data-step='{step}']")
            fieldset.get_by_label("Hecho").check()
            fieldset.locator("textarea").fill(note)
        checklist.get_by_label("Compensación").select_option("refund")
        checklist.get_by_label("Valor (COP)").fill("89,900.50")
        checklist.get_by_role("button", name="Guardar el protocolo").click()
        bad_amount = page.get_by_text("con punto para los miles y coma para los centavos")
        expect(bad_amount.first).to_be_visible()
        assert re.fullmatch(re.escape(detail) + r"(#protocolo)?", page.url)
        expect(checklist.get_by_label("Valor (COP)")).to_have_value("89,900.50")
        expect(checklist.locator("fieldset[data-step='5'] textarea")).to_have_value(NOTES[5])
        assert ProtocolStep.objects.filter(pqr=pqr).count() == 1
        # A reload is a GET of the PQR page: nothing is posted again.
        events = PqrEvent.objects.filter(pqr=pqr).count()
        page.reload()
        expect(page.get_by_role("heading", name=pqr.radicado)).to_be_visible()
        assert PqrEvent.objects.filter(pqr=pqr).count() == events

        # Typed the Colombian way, everything is saved and the amount reads as COP.
        for step, note in NOTES.items():
            fieldset = checklist.locator(f"fieldset[data-step='{step}']")
            fieldset.get_by_label("Hecho").check()
            fieldset.locator("textarea").fill(note)
        checklist.get_by_label("Compensación").select_option("refund")
        checklist.get_by_label("Valor (COP)").fill("89.900,50")
        checklist.get_by_role("button", name="Guardar el protocolo").click()
        expect(page.get_by_text("5 pasos del protocolo registrados.")).to_be_visible()
        expect(page.locator("#protocolo li .bi-check-circle-fill")).to_have_count(6)
        expect(checklist.locator("fieldset[data-step='4']")).to_contain_text("$ 89.900,50")
        step = ProtocolStep.objects.get(pqr=pqr, step=4)
        assert step.compensation_amount == Decimal("89900.50")
        assert PqrEvent.objects.filter(pqr=pqr, kind=EventKind.PROTOCOL).count() == 6
        shot(page, "pqr-protocol-checklist.png")
        browser.close()


@pytest.mark.browser
def test_keyboard_shortcuts_in_the_queue_and_on_the_pqr_page(live_server):
    from playwright.sync_api import expect, sync_playwright

    agent, team = _agent_and_team()
    pqrs = [make_pqr(actor=agent, team=team, subject=f"Caso número {i}") for i in range(3)]

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        _login(page, live_server.url, agent.username)
        page.goto(live_server.url + reverse("pqr:queue"))
        search = page.get_by_label("Buscar")
        expect(search).to_be_focused()  # the queue opens in the search box
        page.keyboard.press("Escape")
        expect(search).not_to_be_focused()

        # "?" lists the shortcuts in a modal dialog; Escape closes it.
        page.keyboard.press("?")
        dialog = page.get_by_role("dialog", name="Atajos de teclado")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("Siguiente / anterior PQR de la bandeja")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()

        # j / k move through the rows, Enter opens the one marked.
        rows = page.locator("[data-queue-row]")
        page.keyboard.press("j")
        page.keyboard.press("j")
        page.keyboard.press("k")
        page.keyboard.press("j")
        second = rows.nth(1).locator("[data-queue-open]")
        expect(second).to_be_focused()
        expect(rows.nth(1)).to_have_class(re.compile("table-active"))
        radicado = second.inner_text()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name=radicado)).to_be_visible()
        page.wait_for_load_state("load")  # the shortcuts script runs at the end of the page
        assert radicado in {p.radicado for p in pqrs}

        # "r" goes to the answer box; "/" back to the queue's search.
        page.keyboard.press("r")
        expect(page.locator("#answer-body")).to_be_focused()
        page.locator("#answer-body").press("Escape")
        page.locator("h1").click()
        page.keyboard.press("/")
        expect(page.get_by_label("Buscar")).to_be_focused()
        browser.close()


@pytest.mark.browser
def test_intake_shows_the_customer_and_the_term_before_filing(live_server):
    from playwright.sync_api import expect, sync_playwright

    agent, team = _agent_and_team()
    customer = CustomerFactory(full_name="Luz Marina Ospina Betancur", document_number="52987654")
    tag = DifficultyTag.objects.get(slug="enojado")
    customer_tag_assign(customer=customer, tag=tag, reason="Levantó la voz", actor=agent)
    earlier = make_pqr(actor=agent, team=team, customer=customer, subject="Factura sin detalle")

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="es-CO")
        _login(page, live_server.url, agent.username)
        page.goto(live_server.url + reverse("pqr:create"))
        expect(page.locator("#id_channel")).to_have_value("telefono")
        page.get_by_label("Buscar por documento, nombre, correo o teléfono").fill("52.987.654")
        page.get_by_role("listitem").filter(has_text="Luz Marina Ospina Betancur").click()
        summary = page.get_by_test_id("intake-customer-summary")
        expect(summary).to_contain_text(tag.guidance_text[:30])
        expect(summary).to_contain_text(earlier.radicado)

        preview = page.get_by_test_id("term-preview")
        expect(preview).to_contain_text("Elija el tipo")
        page.fill("#id_received_at", "2026-03-16T09:00")
        page.select_option("#id_pqr_type", label="Petición")
        expect(preview).to_contain_text("Le respondemos a más tardar el 9 de")
        expect(preview).to_contain_text("15 días hábiles, Ley 1755/2015 art. 14")

        # The consent channel follows the intake channel (new customer fieldset).
        page.get_by_label("Registrar un cliente nuevo aquí mismo").check()
        page.select_option("#id_channel", "presencial")
        expect(page.locator("#id_nc-consent_channel")).to_have_value("in_person")
        shot(page, "pqr-create-preview.png")
        browser.close()
