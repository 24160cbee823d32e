"""The public journey in Debian's chromium: file a queja, get the radicado, look it up."""

from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from pqr.attachments import fake_upload
from pqr.models import MessageKind, Pqr
from pqr.services import pqr_message_add
from tests.browser import launch, shot
from tests.pqr.public_helpers import relay

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.mark.browser
def test_customer_files_a_queja_and_looks_it_up(live_server, browser, settings, agent):
    settings.SITE_URL = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-CO").new_page()
    page.goto(live_server.url + reverse("pqr:public_create"))
    page.get_by_label("¿Qué desea presentar?").select_option(label="Queja")
    page.get_by_label("Asunto").fill("Me cobraron dos veces el domicilio")
    page.get_by_label("Cuéntenos qué pasó o qué necesita").fill(
        "El 3 de marzo pagué el domicilio del pedido 48213 en la aplicación y en la "
        "factura de abril aparece cobrado dos veces."
    )
    page.get_by_label("Adjuntos").set_input_files(
        [{"name": "factura-abril.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\nx"}]
    )
    page.get_by_label("Tipo de documento").select_option("CC")
    page.get_by_label("Número de documento").fill("1.020.304.050")
    page.get_by_label("Nombre completo o razón social").fill("Camila Restrepo Vélez")
    page.get_by_label("Correo electrónico para notificaciones").fill("camila.restrepo@example.com")
    page.get_by_label("Autorizo que usen mis datos para tramitar").check()
    shot(page, "pqr-public-form.png")
    page.get_by_role("button", name="Radicar mi solicitud").click()

    radicado = page.get_by_test_id("radicado").inner_text().strip()
    pqr = Pqr.objects.get(radicado=radicado)
    assert pqr.channel == "web"
    assert pqr.attachments.get().filename == "factura-abril.pdf"
    assert "ca•••@example.com" in page.content()
    shot(page, "pqr-public-success.png")
    relay()  # the acknowledgement leaves through the outbox relay
    assert [m.subject for m in mail.outbox if radicado in m.subject] == [
        f"Recibimos su solicitud: radicado {radicado}"
    ]

    pqr_message_add(
        pqr=pqr, actor=agent, kind=MessageKind.INTERNAL_NOTE, body="Revisar con facturación"
    )
    pqr_message_add(
        pqr=pqr,
        actor=agent,
        kind=MessageKind.PUBLIC_ANSWER,
        body="Confirmamos el cobro doble. Le devolvimos $7.500 a su tarjeta el 5 de abril.",
        attachments=[fake_upload(b"%PDF-1.4\nsoporte", "soporte-devolucion.pdf")],
    )

    page.get_by_role("link", name="Consultar mi solicitud").click()
    page.get_by_label("Número de radicado").fill(radicado.lower())
    page.get_by_label("Número de documento o correo electrónico").fill("1020304050")
    page.get_by_role("button", name="Consultar").click()
    assert page.get_by_test_id("lookup-radicado").inner_text() == radicado
    assert page.get_by_test_id("lookup-status").inner_text() == "En trámite"
    answer = page.get_by_test_id("lookup-answer")
    assert "Le devolvimos $7.500" in answer.inner_text()
    assert "Revisar con facturación" not in page.content()
    assert "1020304050" not in page.url
    shot(page, "pqr-public-lookup.png")
    with page.expect_download() as download:
        answer.get_by_role("link", name="soporte-devolucion.pdf").click()
    assert download.value.suggested_filename == "soporte-devolucion.pdf"


@pytest.mark.browser
def test_public_form_reads_in_english(live_server, browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
    page.goto(live_server.url + reverse("pqr:public_create"))
    with translation.override("en"):
        button = translation.gettext("Radicar mi solicitud")
        question = translation.gettext("¿Qué desea presentar?")
    assert button != "Radicar mi solicitud"
    assert page.get_by_role("button", name=button).is_visible()
    assert page.get_by_label(question).is_visible()
    html = page.content()
    assert '<html lang="en">' in html
    assert "Política de tratamiento de datos personales" not in html
    shot(page, "pqr-public-form-en.png")
