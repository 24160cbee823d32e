"""The answer journey in Debian's chromium: pick a respuesta tipo, edit it, preview the
letter, "Responder y resolver"; the customer's email (over real SMTP) carries the PDF,
which pdftoppm turns into the picture in docs/screenshots/."""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse

from core.roles import Role
from customers.services import consent_record
from pqr.models import AnswerLetter, AnswerTemplate, CustomerNotification, PqrType, Status
from pqr.services import answer_template_save
from sla.models import Organization
from tests.browser import DOCS_SHOTS, launch, shot
from tests.factories import UserFactory
from tests.smtp import pdf_attachments

from .factories import CustomerFactory, TeamFactory, make_pqr

TEMPLATE = (
    "Estimado(a) {{ cliente }}:\n\n"
    "En atención a su {{ asunto }} (radicado {{ radicado }}), recibida el {{ fecha_recibida }}, "
    "revisamos las lecturas de su medidor.\n\n"
    "[DECISIÓN]\n\n"
    "{{ recursos }}"
)


def _login(page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-Strong-pass-123")
    page.get_by_role("button", name="Ingresar").click()


def _letterhead() -> None:
    org, _ = Organization.objects.get_or_create(pk=1, defaults={"working_weekdays": [0, 1, 2]})
    org.name, org.nit = "Aguas del Quindío S.A. E.S.P.", "890.000.123-4"
    org.address, org.city, org.phone = "Calle 20 # 15-30", "Armenia", "606 741 2000"
    org.legal_regime = "servicios_publicos"
    org.logo.save("logo.png", _logo(), save=False)
    org.save()


def _logo():
    """A small drop-shaped logo drawn with Pillow (WeasyPrint's own dependency)."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(120, 10), (48, 130), (192, 130)], fill=(13, 110, 253))
    draw.ellipse((40, 70, 200, 230), fill=(13, 110, 253))
    draw.ellipse((78, 120, 128, 170), fill=(255, 255, 255, 200))
    out = BytesIO()
    image.save(out, format="PNG")
    return ContentFile(out.getvalue())


@pytest.mark.browser
def test_agent_answers_with_a_template_previews_the_letter_and_resolves(
    live_server, smtp_server, settings
):
    from playwright.sync_api import expect, sync_playwright

    settings.SITE_URL = live_server.url
    _letterhead()
    agent = UserFactory(
        username="luisa.agente", first_name="Luisa", last_name="Cardona", role=Role.AGENT
    )
    boss = UserFactory(username="jefe", role=Role.SUPERVISOR)
    team = TeamFactory(name="Facturación")
    team.members.add(agent)
    answer_template_save(
        actor=boss,
        name="Reclamo por consumo: lectura corregida",
        language="es",
        body=TEMPLATE,
        pqr_type=PqrType.objects.get(code="peticion"),
    )
    customer = CustomerFactory(
        full_name="Jorge Iván Salazar Ríos",
        document_number="7555123",
        address="Carrera 14 # 9-40, barrio Granada",
        city="Armenia",
        email="jorge.salazar@example.com",
    )
    consent_record(
        customer=customer,
        channel="phone",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    pqr = make_pqr(
        actor=agent,
        team=team,
        customer=customer,
        subject="petición por consumo elevado en la factura de marzo",
        description="La factura de marzo trae 48 m³, el triple de lo habitual.",
    )
    smtp_server.messages.clear()

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        _login(page, live_server.url, "luisa.agente")
        page.goto(live_server.url + reverse("pqr:detail", args=[pqr.pk]))
        page.get_by_role("button", name="Asignarme").click()
        expect(page.get_by_text("La PQR quedó asignada a usted.")).to_be_visible()

        form = page.locator("#answer-form")
        form.get_by_label("Respuesta tipo").select_option(
            label="Reclamo por consumo: lectura corregida"
        )
        body = form.locator("#answer-body")
        expect(body).to_contain_text("Estimado(a) Jorge Iván Salazar Ríos")
        text = body.input_value()
        assert pqr.radicado in text
        assert "Superintendencia de Servicios Públicos Domiciliarios" in text
        body.fill(
            text.replace(
                "[DECISIÓN]",
                "La lectura de marzo se tomó mal: el medidor marcaba 1.216 m³ y se registró "
                "1.248 m³. Corregimos la factura a 16 m³ y le abonamos $58.400 en la de abril.",
            )
        )
        expect(form.get_by_label("Enviar como oficio")).to_be_checked()
        form.get_by_role("button", name="Vista previa del oficio").click()
        preview = page.get_by_test_id("letter-preview")
        expect(preview).to_be_visible()
        frame = page.frame_locator("#letter-preview iframe")
        expect(frame.get_by_text("BORRADOR")).to_be_visible()
        expect(frame.get_by_text("Corregimos la factura a 16 m³")).to_be_visible()
        shot(page, "pqr-answer-preview.png")

        form.get_by_role("button", name="Responder y resolver").click()
        expect(page.get_by_text("Respuesta enviada y PQR resuelta.")).to_be_visible()
        expect(page.locator("h1 .badge").first).to_have_text("Resuelto")
        notifications = page.locator("#notificaciones")
        expect(notifications.get_by_test_id("notification-status")).to_have_text("Enviada")
        expect(notifications).to_contain_text("jorge.salazar@example.com")
        expect(notifications).to_contain_text("Message-ID")
        shot(page, "pqr-answer-resolved.png")
        browser.close()

    pqr.refresh_from_db()
    assert pqr.status == Status.RESUELTO
    letter = AnswerLetter.objects.get(pqr=pqr)
    assert AnswerTemplate.objects.get().use_count == 1
    assert CustomerNotification.objects.get(pqr=pqr, decision="answer").status == "sent"
    answer = next(m for m in smtp_server.messages if "Respuesta a su solicitud" in m["Subject"])
    (pdf,) = pdf_attachments(answer)
    with letter.file.open("rb") as handle:
        assert pdf == handle.read()

    # The PDF page as the customer sees it.
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "oficio.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-singlefile", str(source), str(Path(tmp) / "page")],
            check=True,
        )
        png = (Path(tmp) / "page.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    target = DOCS_SHOTS if os.environ.get("PQRDESK_SCREENSHOTS") else Path(tempfile.gettempdir())
    (target / "pqr-answer-letter.png").write_bytes(png)
