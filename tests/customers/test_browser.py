import pytest
from django.urls import reverse

from core.roles import Role
from customers.models import DifficultyTag
from customers.services import consent_record, customer_tag_assign
from tests.browser import launch, shot
from tests.factories import UserFactory

from .factories import CustomerFactory


@pytest.mark.browser
def test_agent_finds_customer_without_accents_and_sees_guidance(live_server):
    from playwright.sync_api import sync_playwright

    agent = UserFactory(username="laura.agente", role=Role.AGENT, first_name="Laura")
    customer = CustomerFactory(
        full_name="José Ramírez Úsuga",
        document_number="79555111",
        city="Medellín",
        created_by=agent,  # a new profile of hers, with no PQR yet: in her scope
    )
    CustomerFactory(full_name="Rosa Ramírez Peña", city="Cali")
    consent_record(
        customer=customer,
        channel="phone",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    customer_tag_assign(
        customer=customer,
        tag=DifficultyTag.objects.get(slug="enojado"),
        reason="Levantó la voz por un cobro doble en la llamada del lunes.",
        actor=agent,
    )
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", "laura.agente")
        page.fill("input[name=password]", "a-Strong-pass-123")
        page.get_by_role("button", name="Ingresar").click()
        page.goto(live_server.url + reverse("customers:search"))
        page.get_by_label("Documento, nombre, correo o teléfono").fill("ramirez")
        page.get_by_role("button", name="Buscar").click()
        assert page.get_by_text("José Ramírez Úsuga").is_visible()
        shot(page, "customers-search.png")
        page.get_by_text("José Ramírez Úsuga").click()
        guidance = page.get_by_test_id("guidance")
        assert guidance.is_visible()
        assert "Conserve la calma" in guidance.inner_text()
        shot(page, "customers-profile.png")
        browser.close()


@pytest.mark.browser
def test_agent_records_consent_again_and_sees_the_histories(live_server):
    from playwright.sync_api import sync_playwright

    from customers.services import consent_revoke
    from surveys.models import SatisfactionSurvey
    from surveys.services import survey_score_record

    agent = UserFactory(username="andres.agente", role=Role.AGENT, first_name="Andrés")
    customer = CustomerFactory(full_name="Gloria Inés Cárdenas", city="Bogotá", created_by=agent)
    consent_record(
        customer=customer,
        channel="web",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    consent_revoke(customer=customer, actor=agent)
    survey = SatisfactionSurvey.objects.create(source="general", customer=customer)
    survey_score_record(survey=survey, score=1)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", "andres.agente")
        page.fill("input[name=password]", "a-Strong-pass-123")
        page.get_by_role("button", name="Ingresar").click()
        page.goto(live_server.url + reverse("customers:edit", args=[customer.pk]))
        page.get_by_label("Ciudad o municipio").fill("Cali")
        page.get_by_role("button", name="Guardar").click()

        assert page.get_by_text("Datos actualizados.").is_visible()
        # A general-form recovery case belongs to supervisors: the agent sees no flag.
        assert not page.locator(".bi-life-preserver").is_visible()
        # Each purpose is granted again on its own: here, surveys.
        surveys = page.get_by_test_id("consent-encuestas_satisfaccion")
        surveys.get_by_text("Registrar una nueva autorización").click()
        surveys.get_by_label("¿Cómo dio de nuevo la autorización?").select_option("in_person")
        surveys.get_by_label("El titular autorizó otra vez").check()
        surveys.get_by_role("button", name="Registrar autorización").click()

        assert page.get_by_text("Autorización registrada de nuevo.").is_visible()
        history = page.get_by_test_id("consent-history").inner_text()
        assert "Presencial" in history
        assert "revocada el" in history
        timeline = page.get_by_test_id("timeline").inner_text()
        assert "Ciudad o municipio: Bogotá → Cali" in timeline
        shot(page, "customers-profile-history.png")
        browser.close()
