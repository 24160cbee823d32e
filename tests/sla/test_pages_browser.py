"""The SLA administration pages driven in a real browser, in Spanish and English;
saves the screenshots in docs/screenshots/."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse

from core.roles import Role
from pqr.models import PqrType
from sla.calendar import BOGOTA
from sla.models import NonWorkingDay, Notification, Organization, SlaPolicy, TargetUnit
from sla.sweep import sweep_run
from tests.browser import launch, shot
from tests.factories import UserFactory
from tests.pqr.factories import TeamFactory, make_pqr

POLICIES = [
    ("Riesgo para la vida", "riesgo_vida", "", 1, TargetUnit.HOURS, 1),
    ("Derecho fundamental", "derecho_fundamental", "", 4, TargetUnit.HOURS, 5),
    ("Reclamos por redes sociales", "", "redes", 2, TargetUnit.HOURS, 8),
    ("General", "", "", 8, TargetUnit.HOURS, 10),
]


def _seed_office(admin) -> None:
    Organization.objects.filter(pk=1).update(
        name="Servicios Públicos de la Sabana E.S.P.", cutoff=time(16, 30)
    )
    for order, (name, priority, channel, first, unit, days) in enumerate(POLICIES, start=1):
        SlaPolicy.objects.create(
            name=name,
            order=order * 10,
            priority=priority,
            channel=channel,
            first_response_value=first,
            first_response_unit=unit,
            resolution_value=days,
            resolution_unit=TargetUnit.DAYS,
            is_active=name != "Reclamos por redes sociales",
        )
    NonWorkingDay.objects.create(
        day=date(2026, 12, 24), reason="Cierre de fin de año", created_by=admin
    )
    agent = UserFactory(username="camila.agente", role=Role.AGENT, first_name="Camila")
    team = TeamFactory(name="Atención al usuario")
    team.members.add(agent)
    team.supervisors.add(admin)
    for day, subject in [(2, "Corte del servicio sin aviso"), (9, "Factura con doble cobro")]:
        make_pqr(
            received_at=datetime(2026, 10, day, 9, tzinfo=BOGOTA),
            actor=agent,
            team=team,
            assigned_to=agent,
            subject=subject,
        )
    sweep_run(now=datetime(2026, 11, 20, 10, tzinfo=BOGOTA))
    first = Notification.objects.filter(user=admin).order_by("created_at").first()
    Notification.objects.filter(pk=first.pk).update(read_at=datetime.now(BOGOTA))


@pytest.mark.browser
def test_admin_uses_sla_pages_in_spanish_and_english(live_server):
    from playwright.sync_api import sync_playwright

    admin = UserFactory(username="diana.admin", role=Role.ADMIN, first_name="Diana")
    _seed_office(admin)
    url = live_server.url
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="es-CO")
        page.goto(url + reverse("login"))
        page.fill("input[name=username]", "diana.admin")
        page.fill("input[name=password]", "a-Strong-pass-123")
        page.get_by_role("button", name="Ingresar").click()

        page.goto(url + reverse("sla:calendar") + "?year=2026")
        page.locator("#id_day").fill("2026-11-27")
        page.locator("#id_reason").fill("Día cívico municipal")
        page.get_by_role("button", name="Agregar").click()
        assert page.locator('[data-day="2026-11-27"][data-kind="extra"]').count() == 1
        page.get_by_label("Tipo de PQR").select_option(label="Petición")
        page.get_by_label("Recibida el").fill("2026-03-16")
        page.get_by_role("button", name="Calcular").click()
        due = page.get_by_test_id("legal-due").inner_text()
        assert due.lower() == "jueves, 9 de abril de 2026"
        shot(page, "sla-calendar.png")

        page.goto(url + reverse("sla:policies"))
        page.get_by_role("button", name="Subir «General»").click()
        rows = page.get_by_test_id("policies").locator("tbody tr")
        assert "General" in rows.nth(2).inner_text()
        shot(page, "sla-policies.png")

        page.goto(url + reverse("sla:legal_terms"))
        page.get_by_role("row", name="Felicitación").get_by_role("link", name="Editar").click()
        page.get_by_label("Término (días hábiles)").fill("10")
        page.get_by_role("button", name="Guardar cambio").click()
        assert page.locator(".invalid-feedback").count() == 1  # the reason is mandatory
        page.get_by_label("Motivo del cambio").fill("Política interna de servicio 2026")
        page.get_by_role("button", name="Guardar cambio").click()
        assert (
            "Política interna de servicio 2026" in page.get_by_test_id("term-history").inner_text()
        )
        shot(page, "sla-legal-terms.png")

        page.goto(url + reverse("sla:notifications"))
        shot(page, "sla-notifications.png")
        page.get_by_role("link", name="Cambiar mis preferencias de avisos").click()
        page.get_by_label("Hora del resumen (hora de Colombia)").select_option("8")
        page.get_by_role("button", name="Guardar preferencias").click()
        assert page.get_by_label("Hora del resumen (hora de Colombia)").input_value() == "8"
        page.get_by_role("link", name="Volver a las notificaciones").click()

        page.locator("#language-select").select_option("en")
        page.locator("#language-select").locator("xpath=..").get_by_role("button").click()
        assert page.locator("html").get_attribute("lang") == "en"
        shot(page, "sla-notifications-en.png")
        page.goto(url + reverse("sla:calendar") + "?year=2026")
        peticion = PqrType.objects.get(code="peticion").pk
        query = f"?year=2026&pqr_type={peticion}&received_on=2026-03-16&received_time=10:00"
        page.goto(url + reverse("sla:calendar") + query)
        assert page.get_by_test_id("legal-due").inner_text() == "Thursday, April 9, 2026"
        shot(page, "sla-calendar-en.png")
        page.goto(url + reverse("sla:policies"))
        shot(page, "sla-policies-en.png")
        browser.close()
