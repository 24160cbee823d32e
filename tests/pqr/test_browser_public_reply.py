"""In Debian's chromium: the customer answers a completion request on the status page
with a file; the agent sees the message and the file on the PQR; the term restarts."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from pqr.models import MessageKind, PqrMessage, Status
from pqr.services import pqr_request_completion
from tests.browser import launch, shot
from tests.factories import UserFactory

from .factories import CustomerFactory, TeamFactory, make_pqr


@pytest.mark.browser
def test_customer_answers_a_completion_request_and_the_agent_sees_it(live_server, settings):
    from playwright.sync_api import expect, sync_playwright

    settings.SITE_URL = live_server.url
    agent = UserFactory(username="marta.agente", first_name="Marta", role=Role.AGENT)
    team = TeamFactory(name="Atención al cliente")
    team.members.add(agent)
    customer = CustomerFactory(
        full_name="Camila Restrepo Vélez", document_type="CC", document_number="1020304050"
    )
    pqr = make_pqr(actor=agent, team=team, customer=customer, assigned_to=agent)
    pqr_request_completion(
        pqr=pqr, actor=agent, missing="Copia del recibo de pago de octubre (PDF o foto)."
    )
    pqr.refresh_from_db()
    assert pqr.term_suspended
    due_before = pqr.legal_due_at

    with sync_playwright() as p:
        browser = launch(p)
        customer_page = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="es-CO"
        ).new_page()
        customer_page.goto(live_server.url + reverse("pqr:public_lookup"))
        customer_page.get_by_label("Número de radicado").fill(pqr.radicado)
        customer_page.get_by_label("Número de documento o correo electrónico").fill("1020304050")
        customer_page.get_by_role("button", name="Consultar").click()
        expect(customer_page.get_by_test_id("lookup-missing")).to_contain_text("recibo de pago")
        form = customer_page.get_by_test_id("public-reply-form")
        form.get_by_label("Su respuesta").fill("Adjunto el recibo de octubre, pagado el día 3.")
        receipt = {"name": "recibo-octubre.pdf", "mimeType": "application/pdf"}
        form.get_by_label("Adjuntos").set_input_files([{**receipt, "buffer": b"%PDF-1.4\nr"}])
        shot(customer_page, "pqr-public-reply-form.png")
        customer_page.get_by_test_id("public-reply-submit").click()
        expect(customer_page.get_by_text("Recibimos su información")).to_be_visible()
        expect(customer_page.get_by_test_id("lookup-status")).to_have_text("En trámite")
        assert customer_page.get_by_test_id("public-reply-form").count() == 0
        shot(customer_page, "pqr-public-reply-sent.png")

        agent_page = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="es-CO"
        ).new_page()
        agent_page.goto(live_server.url + reverse("login"))
        agent_page.fill("input[name=username]", "marta.agente")
        agent_page.fill("input[name=password]", "a-Strong-pass-123")
        agent_page.get_by_role("button", name="Ingresar").click()
        agent_page.goto(live_server.url + reverse("pqr:detail", args=[pqr.pk]))
        message = agent_page.get_by_test_id("customer-message")
        expect(message).to_contain_text("Adjunto el recibo de octubre")
        expect(message).to_contain_text("Página de consulta")
        expect(message.get_by_role("link", name="recibo-octubre.pdf")).to_be_visible()
        shot(agent_page, "pqr-agent-customer-reply.png")
        with agent_page.expect_download() as download:
            message.get_by_role("link", name="recibo-octubre.pdf").click()
        assert download.value.suggested_filename == "recibo-octubre.pdf"
        browser.close()

    pqr.refresh_from_db()
    assert (pqr.status, pqr.term_suspended) == (Status.EN_TRAMITE, False)
    # The term runs again from the day after the information arrived (art. 17, resumed
    # with the days left: filed and asked today, so nothing was used).
    today = timezone.localdate().isoformat()
    assert pqr.events.filter(
        note__contains=f"Información recibida el {today} (status_page)"
    ).exists()
    assert pqr.legal_due_at >= due_before
    assert PqrMessage.objects.filter(pqr=pqr, kind=MessageKind.CUSTOMER).count() == 1
