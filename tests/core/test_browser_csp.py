"""In Debian's chromium, under the real Content-Security-Policy (no inline style
allowed): the main public and staff pages report no violation, and the elements that
used to carry a style="" attribute still look as they did (their computed style)."""

import pytest
from django.core import mail
from django.urls import reverse

from core.roles import Role
from pqr.services import pqr_request_completion
from tests.browser import launch
from tests.factories import UserFactory
from tests.surveys.conftest import make_customer, make_pqr, make_team, resolve, score_links

# Recorded before any page script runs (Playwright's init scripts are not subject to
# the page's CSP); frames included, so the letter preview's srcdoc is watched too.
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  e.effectiveDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));
"""


def _style(page, selector: str, prop: str) -> str:
    return page.eval_on_selector(
        selector, "(el, prop) => getComputedStyle(el).getPropertyValue(prop)", prop
    )


class Watcher:
    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(WATCH)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.console.append(message.text)

    def visit(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.check(url)

    def check(self, where: str) -> None:
        events = [e for frame in self.page.frames for e in frame.evaluate("window.__csp || []")]
        assert (events, self.console) == ([], []), where


@pytest.mark.browser
def test_pages_render_styled_with_no_csp_violation(live_server, settings):
    from playwright.sync_api import expect, sync_playwright

    settings.SITE_URL = live_server.url
    boss = UserFactory(username="sofia.sup", role=Role.SUPERVISOR)
    agent = UserFactory(username="tomas.agente", role=Role.AGENT)
    team = make_team(name="Facturación", supervisor=boss, members=[agent])
    customer = make_customer(full_name="Marta Ríos")
    waiting = make_pqr(team=team, customer=customer, assigned_to=boss)
    pqr_request_completion(pqr=waiting, actor=boss, missing="La factura de marzo.\nY el recibo.")
    answered = make_pqr(team=team, customer=customer, assigned_to=agent)
    resolve(answered, agent)
    survey_link = score_links(mail.outbox[-1])[2]
    base = live_server.url

    with sync_playwright() as p:
        browser = launch(p)
        public = Watcher(browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO"))
        public.visit(base + reverse("pqr:public_create"))
        assert _style(public.page, ".mw-52rem", "max-width") == "832px"
        assert _style(public.page, ".public-hp", "position") == "absolute"
        public.visit(base + reverse("pqr:public_lookup"))
        public.page.get_by_label("Número de radicado").fill(waiting.radicado)
        identifier = public.page.get_by_label("Número de documento o correo electrónico")
        identifier.fill(customer.document_number)
        public.page.get_by_role("button", name="Consultar").click()
        expect(public.page.get_by_test_id("lookup-missing")).to_contain_text("recibo")
        public.check("public status page")
        assert _style(public.page, "[data-testid=lookup-missing] p.mb-0", "white-space") == (
            "pre-line"
        )
        public.visit(survey_link)
        assert _style(public.page, ".survey-card", "max-width") == "640px"
        public.page.get_by_role("button", name="Confirmar mi calificación").click()
        expect(public.page.get_by_text("Gracias por su calificación")).to_be_visible()
        public.check("survey answered")
        public.visit(base + reverse("surveys:public_general"))

        staff = Watcher(browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO"))
        staff.visit(base + reverse("login"))
        staff.page.get_by_label("Usuario").fill("sofia.sup")
        staff.page.get_by_label("Contraseña").fill("a-Strong-pass-123")
        staff.page.get_by_role("button", name="Ingresar").click()
        staff.visit(base + reverse("pqr:queue"))
        staff.visit(base + reverse("pqr:detail", args=[waiting.pk]))
        assert _style(staff.page, "p.text-pre-line", "white-space") == "pre-line"
        form = staff.page.locator("#answer-form")
        form.locator("#answer-body").fill("Revisamos la factura y corregimos el cobro.")
        form.get_by_role("button", name="Vista previa del oficio").click()
        frame = staff.page.frame_locator("#letter-preview iframe")
        expect(frame.get_by_text("BORRADOR")).to_be_visible()
        staff.check("letter preview")
        assert _style(staff.page, "#letter-preview iframe", "height") == "620px"
        letterhead = staff.page.frames[-1].locator(".letterhead")
        assert letterhead.evaluate("el => getComputedStyle(el).display") == "flex"
        staff.visit(base + reverse("dashboards:sla"))
        staff.visit(base + reverse("dashboards:causes"))
        assert _style(staff.page, ".swatch-high", "background-color") == "rgb(25, 135, 84)"
        staff.visit(base + reverse("surveys:results"))
        bars = staff.page.locator(".dist-fill-low")
        assert bars.first.evaluate("el => getComputedStyle(el).fill") == "rgb(220, 53, 69)"
        # The one answer is a 2: its bar spans the whole track.
        widths = staff.page.eval_on_selector_all(
            "[data-score] .dist-fill", "els => els.map(e => Math.round(e.getBBox().width))"
        )
        track = staff.page.eval_on_selector(".dist-track", "e => Math.round(e.getBBox().width)")
        assert sorted(widths) == [0, 0, 0, 0, track]
        staff.visit(base + reverse("sla:calendar"))
        staff.visit(base + reverse("api:docs"))
        expect(staff.page.locator(".swagger-ui").first).to_be_visible()
        assert _style(staff.page, "body", "margin") == "0px"
        browser.close()
