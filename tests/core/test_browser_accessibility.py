"""axe-core (npm, injected by Playwright) finds no WCAG 2.1 A/AA violation on the main
public and staff pages (Resolución MinTIC 1519/2020, anexo 1)."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser import launch
from tests.factories import UserFactory
from tests.pqr.factories import CustomerFactory, TeamFactory, make_pqr

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PUBLIC = ["home", "pqr:public_create", "pqr:public_lookup", "surveys:public_general", "login"]
STAFF = [
    "home",
    "pqr:queue",
    "pqr:create",
    "customers:search",
    "dashboards:sla",
    "dashboards:workload",
]


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' '))"
        ".slice(0, 3).join(', ')))",
        RULES,
    )
    return found


@pytest.mark.browser
def test_main_pages_pass_axe_wcag21_aa(live_server):
    from playwright.sync_api import sync_playwright

    agent = UserFactory(username="carolina.agente", first_name="Carolina", role="Supervisor")
    team = TeamFactory(name="Atención al cliente")
    team.members.add(agent)
    customer = CustomerFactory(full_name="Jorge Iván Mejía")
    pqr = make_pqr(actor=agent, team=team, customer=customer, assigned_to=agent)
    make_pqr(actor=agent, team=team, anger_level=5)
    failures = {}
    with sync_playwright() as p:
        browser = launch(p)
        # The page's CSP forbids injected scripts; only the test bypasses it to load axe.
        page = browser.new_page(
            viewport={"width": 1280, "height": 900}, locale="es-CO", bypass_csp=True
        )
        for name in PUBLIC:
            page.goto(live_server.url + reverse(name))
            if found := _violations(page):
                failures[f"public {name}"] = found
        page.goto(live_server.url + reverse("login"))
        page.fill("input[name=username]", agent.username)
        page.fill("input[name=password]", "a-Strong-pass-123")
        page.get_by_role("button", name="Ingresar").click()
        urls = [reverse(name) for name in STAFF] + [reverse("pqr:detail", args=[pqr.pk])]
        for url in urls:
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            if found := _violations(page):
                failures[f"staff {url}"] = found
        browser.close()
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())
