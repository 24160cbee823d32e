"""Retake docs/screenshots/ from the demo data, as a new user sees the app.

    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000]

Run it against a server on a database loaded by `manage.py seed_demo` (`make run`).
It signs in as each demo role in Debian's chromium and photographs the main pages in
Spanish and in English (Accept-Language), then the public pages without an account.
The PQR page shown is the first of the agent's queue.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import launch  # noqa: E402  (the same chromium and arguments as the tests)

SHOTS = ROOT / "docs" / "screenshots"
PASSWORDS = {
    "agente": "agente-demo-2026",
    "supervisor": "supervisor-demo-2026",
    "admin": "admin-demo-2026",
}
# (user, name, path); every page is taken in Spanish and in English.
STAFF_PAGES = [
    ("agente", "home", "/"),
    ("agente", "pqr-queue", "/pqr/"),
    ("agente", "pqr-create", "/pqr/nueva/"),
    ("supervisor", "dashboards-sla", "/tableros/"),
    ("supervisor", "dashboards-workload", "/tableros/carga/"),
    ("supervisor", "dashboards-satisfaction", "/tableros/satisfaccion/"),
    ("supervisor", "dashboards-causes", "/tableros/causas/"),
    ("supervisor", "dashboards-scorecard", "/tableros/desempeno/"),
    ("supervisor", "dashboards-report-pqrs", "/tableros/informes/pqrs/"),
    ("supervisor", "dashboards-report-information", "/tableros/informes/informacion/"),
    ("supervisor", "dashboards-subscriptions", "/tableros/informes/programados/"),
    ("supervisor", "surveys-results", "/encuestas/resultados/"),
    ("supervisor", "sla-notifications", "/sla/notificaciones/"),
    ("supervisor", "sla-alert-preferences", "/sla/notificaciones/preferencias/"),
    ("agente", "customers-search", "/clientes/"),
    ("agente", "pqr-failed-emails", "/pqr/correos-fallidos/"),
    ("admin", "sla-calendar", "/sla/calendario/"),
    ("admin", "sla-policies", "/sla/politicas/"),
    ("admin", "sla-legal-terms", "/sla/terminos/"),
]
PUBLIC_PAGES = [
    ("pqr-public-form", "/pqr/radicar/"),
    ("pqr-public-lookup", "/pqr/consulta/"),
    ("surveys-general-form", "/encuestas/"),
]
LANGUAGES = {"es": "es-CO", "en": "en-US"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    base = parser.parse_args().base_url.rstrip("/")
    taken = []
    with sync_playwright() as p:
        browser = launch(p)
        for suffix, locale in LANGUAGES.items():
            for user in PASSWORDS:
                context = browser.new_context(
                    viewport={"width": 1280, "height": 900}, locale=locale
                )
                page = context.new_page()
                _login(page, base, user)
                pages = [(n, path) for u, n, path in STAFF_PAGES if u == user]
                if user == "agente":
                    pages.append(("pqr-detail", _a_pqr(page, base)))
                for name, path in pages:
                    taken.append(_shot(page, base + path, name, suffix))
                context.close()
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
            page = context.new_page()
            for name, path in PUBLIC_PAGES:
                taken.append(_shot(page, base + path, name, suffix))
            context.close()
        browser.close()
    for path in taken:
        print(path.relative_to(ROOT))


def _login(page, base: str, user: str) -> None:
    page.goto(f"{base}/cuenta/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORDS[user])
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/cuenta/login/" in page.url:
        raise SystemExit(f"could not sign in as {user}: run `manage.py seed_demo` first")


def _a_pqr(page, base: str) -> str:
    """The page of the first PQR in the agent's queue (the most urgent one)."""
    page.goto(f"{base}/pqr/")
    links = page.eval_on_selector_all(
        "a[href^='/pqr/']", "els => els.map(e => e.getAttribute('href'))"
    )
    for href in links:
        if re.fullmatch(r"/pqr/\d+/", href or ""):
            return href
    raise SystemExit("no PQR in the agent's queue: run `manage.py seed_demo` first")


def _shot(page, url: str, name: str, suffix: str) -> Path:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    path = SHOTS / (f"{name}.png" if suffix == "es" else f"{name}-{suffix}.png")
    page.screenshot(path=str(path), full_page=True)
    return path


if __name__ == "__main__":
    main()
