"""In Chromium, as a supervisor: the alert preferences page from the user menu (a refused
save keeps the choices and says why, a good one is kept), then the bell filtered by
kind and team; axe-core finds no WCAG 2.1 A/AA violation on any of these states."""

import pytest
from django.urls import reverse

from core.roles import Role
from sla.models import AlertKind, DigestPreference
from sla.services import alert_raise
from tests.browser import launch, shot
from tests.core.test_browser_accessibility import _violations
from tests.factories import UserFactory
from tests.pqr.factories import TeamFactory, make_pqr

from .test_notifications_inbox import _deliver_all

PASSWORD = "a-Strong-pass-123"


def _login(page, base, username):
    page.goto(base + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state("networkidle")


@pytest.fixture
def boss_inbox(live_server):
    boss = UserFactory(username="jefa.avisos", first_name="Marcela", role=Role.SUPERVISOR)
    north, south = TeamFactory(name="Equipo Norte"), TeamFactory(name="Equipo Sur")
    north.supervisors.add(boss)
    south.supervisors.add(boss)
    agent = UserFactory(username="agente.avisos", role=Role.AGENT)
    north.members.add(agent)
    south.members.add(agent)
    first = make_pqr(actor=agent, team=north, assigned_to=agent)
    second = make_pqr(actor=agent, team=south, assigned_to=agent)
    alert_raise(pqr=first, kind=AlertKind.ANGER, threshold="b")
    alert_raise(pqr=second, kind=AlertKind.ANGER, threshold="b")
    alert_raise(pqr=second, kind=AlertKind.CUSTOMER_MESSAGE, threshold="b")
    _deliver_all()
    return {"boss": boss, "north": north, "south": south, "first": first, "second": second}


@pytest.mark.browser
def test_preferences_page_and_filtered_bell_in_chromium_pass_axe(live_server, boss_inbox):
    from playwright.sync_api import expect, sync_playwright

    boss = boss_inbox["boss"]
    failures = {}
    with sync_playwright() as p:
        browser = launch(p)
        # The page's CSP forbids injected scripts; only the test bypasses it to load axe.
        page = browser.new_page(
            viewport={"width": 1280, "height": 900}, locale="es-CO", bypass_csp=True
        )
        _login(page, live_server.url, boss.username)

        # The user menu leads to the page; the role's defaults are shown.
        page.get_by_role("button", name="Marcela").click()
        page.get_by_role("link", name="Preferencias de avisos").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Preferencias de avisos")
        yes = page.get_by_label(
            "Sí: un correo al día con las alertas que no me lleguen una por una"
        )
        expect(yes).to_be_checked()
        expect(page.get_by_label("Hora del resumen (hora de Colombia)")).to_have_value("7")
        if found := _violations(page):
            failures["preferences"] = found

        # No hour with the digest on: refused, the ticked kind stays ticked.
        page.get_by_label("Hora del resumen (hora de Colombia)").select_option("")
        life = page.get_by_label(str(AlertKind.LIFE_AT_RISK.label))
        life.check()
        page.get_by_role("button", name="Guardar preferencias").click()
        expect(page.get_by_text("Elija a qué hora quiere recibir el resumen.")).to_be_visible()
        expect(life).to_be_checked()
        expect(yes).to_be_checked()
        assert not DigestPreference.objects.filter(user=boss).exists()
        if found := _violations(page):
            failures["preferences with an error"] = found

        page.get_by_label("Hora del resumen (hora de Colombia)").select_option("9")
        page.get_by_role("button", name="Guardar preferencias").click()
        expect(page.get_by_text("Guardamos sus preferencias de avisos.")).to_be_visible()
        expect(page.get_by_label("Hora del resumen (hora de Colombia)")).to_have_value("9")
        expect(page.get_by_label(str(AlertKind.LIFE_AT_RISK.label))).to_be_checked()
        shot(page, "sla-alert-preferences-es.png")
        row = DigestPreference.objects.get(user=boss)
        assert (row.daily_digest, row.digest_hour, row.email_kinds) == (True, 9, ["life_at_risk"])

        # Back to the bell, filtered by kind and team: the filters keep their values.
        page.get_by_role("link", name="Volver a las notificaciones").click()
        expect(page.get_by_test_id("notification-count")).to_have_text("3 notificaciones")
        expect(page.get_by_test_id("alert-emails")).to_contain_text("a las 09:00")
        page.get_by_label("Tipo de aviso").select_option(AlertKind.ANGER.value)
        page.get_by_label("Equipo", exact=True).select_option(str(boss_inbox["south"].pk))
        page.get_by_role("button", name="Filtrar").click()
        expect(page.get_by_test_id("notification-count")).to_have_text("1 notificación")
        items = page.get_by_test_id("notifications").locator("li")
        expect(items).to_have_count(1)
        expect(items.first).to_contain_text(boss_inbox["second"].radicado)
        expect(page.get_by_label("Tipo de aviso")).to_have_value(AlertKind.ANGER.value)
        expect(page.get_by_label("Equipo", exact=True)).to_have_value(str(boss_inbox["south"].pk))
        if found := _violations(page):
            failures["filtered notifications"] = found
        shot(page, "sla-notifications-filtered-es.png")
        browser.close()
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
