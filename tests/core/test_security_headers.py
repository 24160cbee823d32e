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


def _style_directives(policy: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: values for name, values in policy.items() if name.startswith("style-src")}


@pytest.mark.parametrize("url", ["/", "/pqr/radicar/", "/sla/calendario/", "/pqr/"])
def test_policy_allows_styles_only_from_our_stylesheets(supervisor_client, url):
    response = supervisor_client.get(url)
    styles = _style_directives(_policy(response))
    assert styles == {
        "style-src": ["'self'"],
        "style-src-elem": ["'self'"],
        "style-src-attr": ["'none'"],
    }
    html = response.content.decode()
    assert "<style" not in html
    assert "style=" not in html


def test_no_template_has_an_inline_style():
    """No style="" attribute and no <style> block in any template: the browser would
    refuse them. The only <style> is the letter's numbered @page rule, rendered for
    WeasyPrint only (never sent to a browser)."""
    offenders = []
    for path in TEMPLATES.rglob("*"):
        if not path.is_file():
            continue
        name = str(path.relative_to(TEMPLATES))
        text = path.read_text()
        if re.search(r"\sstyle\s*=", text):
            offenders.append(f"{name}: style attribute")
        blocks = re.findall(r"(.{0,16})<style\b", text)
        if name == "pqr/letter/oficio.html":
            assert blocks == ["{% if pdf %}"], blocks
        elif blocks:
            offenders.append(f"{name}: <style> block")
    assert offenders == []


def test_no_script_of_ours_writes_inline_style():
    offenders = []
    for path in (Path(settings.BASE_DIR) / "static" / "js").rglob("*.js"):
        text = path.read_text()
        for pattern in (r"\.style\b", r"setAttribute\(\s*[\"']style", r"cssText", r"<style"):
            if re.search(pattern, text):
                offenders.append(f"{path.name}: {pattern}")
    assert offenders == []


def test_no_template_has_an_inline_script_or_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: inline <script>")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: inline handler")
    assert offenders == []
