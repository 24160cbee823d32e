"""axe-core finds no WCAG 2.1 A/AA violation on any page, public or staff, in Chromium.

The staff pages are not listed by hand: the URL configuration is walked (as in
test_every_staff_url), so a page added later is checked without touching this file. A
URL that needs an argument gets it from ARGS (a real object of the world built here);
anything that is not a page (a POST action, a download, a fragment) is named in
NOT_PAGES with its reason, and the walk fails on any URL that is in neither. Every
`<details>` is unfolded before axe runs, so the forms folded on a page (the PQR's
answer, checklist and actions; the queue's more filters; the charts' tables) are
checked too."""

import re

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.roles import Role
from pqr.services import pqr_request_completion
from tests.browser import launch
from tests.core.test_browser_accessibility import _violations
from tests.core.test_every_staff_url import PUBLIC  # the public pages, named once
from tests.factories import UserFactory
from tests.surveys.conftest import make_customer, make_pqr, make_team, resolve, score_links

PASSWORD = "a-Strong-pass-123"
SKIP_NAMESPACES = {"admin", "api"}  # Django's admin and the JSON API (its docs: Swagger UI)
# Root names that are not staff pages of ours (probes, language switch, auth plumbing).
NOT_PAGES = {
    "healthz": "probe",
    "readyz": "probe",
    "metrics": "Prometheus text",
    "set_language": "POST only",
    "logout": "POST only",
    "password_reset_confirm": "needs an emailed token",
    "login": "checked as a public page",
    "home": "checked as staff home",
    # Downloads (CSV, XLSX, PDF, EML, attachments): no HTML to check.
    "customers:export": "download",
    "pqr:attachment": "download",
    "pqr:letter": "PDF",
    "pqr:notification_evidence_download": "download",
    "pqr:queue_export": "download",
    "surveys:results_csv": "download",
    "mailboxes:raw": "download",
    # Fragments the intake page loads into itself (checked there).
    "pqr:customer_lookup": "fragment of the intake page",
    "pqr:customer_summary": "fragment of the intake page",
    "pqr:term_preview": "fragment of the intake page",
    "pqr:answer_preview": "fragment of the PQR page (letter preview)",
    "pqr:answer_template_fill": "fragment of the PQR page",
}
# POST-only actions: the form lives on another page, which is checked.
POST_ACTIONS = {
    "customers:anonymise",
    "customers:consent_grant",
    "customers:consent_revoke",
    "customers:tag_assign",
    "customers:tag_remove",
    "dashboards:delivery_retry",
    "dashboards:reassign",
    "dashboards:reassign_bulk",
    "dashboards:subscription_delete",
    "dashboards:subscription_toggle",
    "mailboxes:held_retry",
    "pqr:access_deny",
    "pqr:anger",
    "pqr:answer",
    "pqr:assign",
    "pqr:assign_me",
    "pqr:completion_extend",
    "pqr:correction_received",
    "pqr:extension",
    "pqr:failed_email_other_channel",
    "pqr:failed_email_retry",
    "pqr:identity_confirm",
    "pqr:identity_reject",
    "pqr:message_add",
    "pqr:notification_delivered",
    "pqr:notification_evidence",
    "pqr:notification_renotify",
    "pqr:notification_returned",
    "pqr:protocol_step",
    "pqr:reclassify",
    "pqr:recurso_file",
    "pqr:recurso_step",
    "pqr:silence_recognize",
    "pqr:tag",
    "pqr:transition",
    "sla:calendar_day_remove",
    "sla:notifications_read",
    "sla:policy_move",
    "sla:policy_toggle",
}


def _walk(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if inner in SKIP_NAMESPACES:
                continue
            yield from _walk(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, re.findall(r"<(?:\w+:)?(\w+)>", str(entry.pattern))


def walked() -> dict[str, list[str]]:
    return dict(_walk(get_resolver()))


def _world():
    """One of everything a page with an argument needs."""
    from customers.models import Customer
    from pqr.models import AnswerTemplate
    from sla.models import LegalTerm, SlaPolicy
    from surveys.models import RecoveryCase

    boss = UserFactory(username="axe.admin", first_name="Adela", role=Role.ADMIN)
    agent = UserFactory(username="axe.agente", first_name="Tomás", role=Role.AGENT)
    team = make_team(name="Facturación", supervisor=boss, members=[agent, boss])
    customer = make_customer(full_name="Marta Ríos")
    make_customer(full_name="Marta Ríos Duplicada", email="otra@example.com")
    waiting = make_pqr(team=team, customer=customer, assigned_to=boss)
    pqr_request_completion(pqr=waiting, actor=boss, missing="La factura de marzo.")
    open_pqr = make_pqr(team=team, customer=customer, assigned_to=boss)
    answered = make_pqr(team=team, customer=customer, assigned_to=agent)
    resolve(answered, agent)
    low_score = score_links(mail.outbox[-1])[1]
    template = AnswerTemplate.objects.create(
        name="Cobro corregido",
        pqr_type=open_pqr.pqr_type,
        body="Revisamos su factura y corregimos el cobro.",
    )
    policy = SlaPolicy.objects.create(name="Cinco días", first_response_value=8, resolution_value=5)
    return {
        "boss": boss,
        "agent": agent,
        "customer": customer,
        "waiting": waiting,
        "low_score": low_score,
        "args": {
            "customers:detail": {"pk": customer.pk},
            "customers:edit": {"pk": customer.pk},
            "customers:merge": {"pk": Customer.objects.exclude(pk=customer.pk).first().pk},
            "pqr:detail": {"pk": open_pqr.pk},
            "pqr:answer_template_edit": {"pk": template.pk},
            "sla:legal_term_edit": {"pk": LegalTerm.objects.order_by("pk").first().pk},
            "sla:policy_edit": {"pk": policy.pk},
            "surveys:recovery_detail": lambda: {"pk": RecoveryCase.objects.get().pk},
        },
        "template": template,
    }


# The pages with an argument, given a real object by _world().
ARG_PAGES = {
    "customers:detail",
    "customers:edit",
    "customers:merge",
    "pqr:detail",
    "pqr:answer_template_edit",
    "sla:legal_term_edit",
    "sla:policy_edit",
    "surveys:recovery_detail",
}


def test_every_url_is_a_page_checked_or_named_as_not_a_page():
    skipped = PUBLIC | set(NOT_PAGES) | POST_ACTIONS | ARG_PAGES
    unknown = [name for name, args in walked().items() if args and name not in skipped]
    assert unknown == [], "give them an object in _world() (ARG_PAGES) or say why not"


def _check(page, url: str, failures: dict, *, status: int = 200) -> None:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    if response is None or response.status != status:
        failures[url] = [f"HTTP {response.status if response else '—'}, expected {status}"]
        return
    # Unfold every folded section (forms, filters, chart tables) before checking.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    if found := _violations(page):
        failures[url] = found


def _login(page, base: str, username: str) -> None:
    page.goto(base + reverse("login"))
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_every_public_and_staff_page_passes_axe_wcag21_aa(live_server, settings):
    from playwright.sync_api import expect, sync_playwright

    settings.SITE_URL = live_server.url
    world = _world()
    base = live_server.url
    failures: dict[str, list[str]] = {}

    with sync_playwright() as p:
        browser = launch(p)
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "es-CO"}
        # The pages' CSP forbids injected scripts; only the test bypasses it to load axe.
        public = browser.new_context(**options, bypass_csp=True).new_page()
        for name in ("pqr:public_create", "pqr:public_notices", "surveys:public_general"):
            _check(public, base + reverse(name), failures)
        for name in ("login", "password_reset", "password_reset_done"):
            _check(public, base + reverse(name), failures)
        _check(public, base + "/no-existe/", failures, status=404)
        _check(public, base + reverse("pqr:public_lookup"), failures)
        # The status page, with the reply form of a completion request.
        public.get_by_label("Número de radicado").fill(world["waiting"].radicado)
        public.get_by_label("Número de documento o correo electrónico").fill(
            world["customer"].document_number
        )
        public.get_by_role("button", name="Consultar").click()
        expect(public.get_by_test_id("public-reply-form")).to_be_visible()
        _check(public, public.url, failures)
        # The survey: a score from the email, the details form, the thanks.
        _check(public, world["low_score"], failures)
        public.get_by_role("button", name="Confirmar mi calificación").click()
        public.wait_for_load_state("networkidle")
        _check(public, public.url, failures)
        _check(public, base + reverse("surveys:general_thanks"), failures)

        # After the low score: its recovery case exists now.
        staff_urls = [reverse("home")]
        for name, args in walked().items():
            if name in PUBLIC or name in NOT_PAGES or name in POST_ACTIONS:
                continue
            kwargs = world["args"][name] if args else {}
            kwargs = kwargs() if callable(kwargs) else kwargs
            staff_urls.append(reverse(name, kwargs=kwargs))
        staff = browser.new_context(**options, bypass_csp=True).new_page()
        _login(staff, base, world["boss"].username)
        _check(staff, base + reverse("two_factor_setup"), failures)
        for url in staff_urls:
            _check(staff, base + url, failures)
        _check(staff, base + reverse("pqr:detail", args=[world["waiting"].pk]), failures)

        agent = browser.new_context(**options, bypass_csp=True).new_page()
        _login(agent, base, world["agent"].username)
        _check(agent, base + reverse("sla:organization"), failures, status=403)
        browser.close()
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
