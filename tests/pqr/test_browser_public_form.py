"""In Chromium, the public form before filing: the chosen type's term, a live counter
instead of a silent cut, the phone box that appears when a call is preferred."""

import pytest
from django.urls import reverse

from pqr.models import Pqr
from tests.browser import launch, shot


@pytest.mark.browser
def test_public_form_says_the_term_counts_characters_and_offers_a_call(live_server):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="es-CO")
        page.goto(live_server.url + reverse("pqr:public_create"))
        term = page.locator("#term-selected")
        expect(term).to_contain_text("Elija el tipo de solicitud")
        page.get_by_label("¿Qué desea presentar?").select_option(label="Petición")
        expect(term).to_contain_text("Le respondemos a más tardar el")
        expect(term).to_contain_text("15 días hábiles, Ley 1755/2015 art. 14")
        expect(page.get_by_test_id("upload-limit")).to_contain_text("10 MB")

        # The counter follows the text; past the limit it says by how much, and the
        # browser keeps everything pasted (no maxlength cut).
        box = page.get_by_label("Cuéntenos qué pasó o qué necesita")
        box.fill("Hola")
        counter = page.locator("#id_description-counter")
        expect(counter).to_have_text("4 de 10.000 caracteres (quedan 9.996)")
        long_text = "x" * 10_050
        box.fill(long_text)
        expect(counter).to_contain_text("Sobran 50 caracteres")
        assert len(box.input_value()) == 10_050

        # The phone box shows only when a call is preferred, and is then required.
        phone = page.get_by_label("Teléfono de contacto")
        expect(phone).to_be_hidden()
        page.get_by_label("Por teléfono").check()
        expect(phone).to_be_visible()
        shot(page, "public-create-term.png")

        # Filing the long text: the server refuses it and keeps it.
        page.get_by_label("Asunto").fill("Solicitud de copia del contrato")
        page.get_by_label("Tipo de documento").select_option("CC")
        page.get_by_label("Número de documento").fill("1020304050")
        page.get_by_label("Nombre completo o razón social").fill("Camila Restrepo Vélez")
        page.get_by_label("Correo electrónico para notificaciones").fill("camila@example.com")
        phone.fill("300 123 4567")
        page.get_by_label("Autorizo que usen mis datos", exact=False).check()
        page.get_by_role("button", name="Radicar mi solicitud").click()
        expect(page.get_by_test_id("form-errors")).to_be_visible()
        assert len(page.get_by_label("Cuéntenos qué pasó o qué necesita").input_value()) == 10_050
        assert not Pqr.objects.exists()
        browser.close()
