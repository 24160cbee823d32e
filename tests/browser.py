"""Shared by the Playwright tests: Debian's chromium and the documentation screenshots.

Screenshots are always taken (a page that cannot render fails the test), but they are
written to docs/screenshots/ only when PQRDESK_SCREENSHOTS=1, so an ordinary test run
leaves the working tree clean:  PQRDESK_SCREENSHOTS=1 .venv/bin/pytest -m browser
"""

import os
import tempfile
from pathlib import Path

# live_server runs in a thread next to Playwright's event loop; the ORM calls the tests
# make while a page is open are safe (one connection per thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS_SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def shot(page, name: str) -> Path:
    folder = DOCS_SHOTS if os.environ.get("PQRDESK_SCREENSHOTS") else Path(tempfile.gettempdir())
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    return path
