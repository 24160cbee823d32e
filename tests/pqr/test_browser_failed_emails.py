"""The failed-emails page in Debian's chromium: an agent retries one email and closes
another by recording the phone call (screenshot docs/screenshots/pqr-failed-emails.png)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from pqr.models import CustomerEmail
from tests.browser import launch, shot
from tests.factories import UserFactory

from .factories import CustomerFactory, TeamFactory, make_pqr


@pytest.mark.browser
def test_agent_retries_one_failed_email_and_records_another_channel(live_server, smtp_server):
    from playwright.sync_api import expect, sync_playwright

    agent = UserFactory(username="luisa.agente", role=Role.AGENT)
    agent.set_password("a-Strong-pass-123")
    agent.save()
    team = TeamFactory(name="Atención al usuario")
    team.members.add(agent)
    rows = []
    for name, address in (("Ana Lucía Pérez", "ana@example.com"), ("Jorge Díaz", "jd@example.com")):
        pqr = make_pqr(
            actor=agent, team=team, customer=CustomerFactory(full_name=name, email=address)
        )
        row = CustomerEmail.objects.get(pqr=pqr, kind="acknowledgement")
        CustomerEmail.objects.filter(pk=row.pk).update(
            sent_at=None,
            failed_at=timezone.now(),
            attempts=61,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        )
        rows.append(row)
    smtp_server.messages.clear()

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", "luisa.agente")
        page.fill("input[name=password]", "a-Strong-pass-123")
        page.get_by_role("button", name="Ingresar").click()
        page.get_by_role("link", name="Correos fallidos").click()
        expect(page.get_by_test_id("failed-emails")).to_be_visible()
        shot(page, "pqr-failed-emails.png")
        page.get_by_test_id(f"failed-email-{rows[0].pk}").get_by_role(
            "button", name="Reintentar"
        ).click()
        expect(page.get_by_text("enviado de nuevo")).to_be_visible()
        second = page.get_by_test_id(f"failed-email-{rows[1].pk}")
        second.get_by_label("Se le comunicó por otro canal").fill(
            "Llamada al 300 123 4567 el 2 de diciembre; atendió Jorge."
        )
        second.get_by_role("button", name="Registrar otro canal").click()
        expect(page.get_by_test_id("no-failed-emails")).to_be_visible()
        browser.close()
    rows[1].refresh_from_db()
    assert rows[1].handled_at is not None
    # The retried one went out over real SMTP, once, to its customer.
    assert [m["To"] for m in smtp_server.messages] == ["ana@example.com"]
