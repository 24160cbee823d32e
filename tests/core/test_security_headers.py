"""Content-Security-Policy (django-csp) and Permissions-Policy on every page; no inline
script or handler in our templates, so the strict policy breaks nothing (issue 11,
finding 8)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/pqr/radicar/", "/pqr/consulta/", "/cuenta/login/"])
def test_public_pages_carry_a_strict_policy(client, url):
    response = client.get(url)
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    script = policy["script-src"]
    assert "'unsafe-inline'" not in script
    assert "'unsafe-eval'" not in script
    assert [s for s in script if s != "'self'" and not s.startswith("'nonce-")] == []
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_staff_page_style_blocks_carry_the_pages_nonce(supervisor_client):
    response = supervisor_client.get("/sla/calendario/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: inline <script>")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: inline handler")
        if re.search(r"<style(?![^>]*nonce=)[^>]*>", text) and "letter/" not in str(path):
            offenders.append(f"{path.relative_to(TEMPLATES)}: <style> without nonce")
    assert offenders == []
