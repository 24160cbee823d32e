"""The public form before filing: the term it will get, the upload limit, a counter
instead of a silent cut, a phone contact option; and a rate limit that counts only
filings and failed lookups, and says how long to wait."""

import re

import pytest
from django.urls import reverse

from core import ratelimit
from customers.models import ContactChannel
from pqr.models import Pqr, PqrType
from sla.models import LegalTerm

from .public_helpers import CREATE_URL, LOOKUP_URL, form_data

pytestmark = pytest.mark.django_db
IP = {"REMOTE_ADDR": "203.0.113.40"}


def _page(client) -> str:
    return client.get(CREATE_URL).content.decode()


def test_form_states_each_types_term_and_the_date_it_would_get_today(client):
    peticion = PqrType.objects.get(code="peticion")
    term = LegalTerm.objects.get(pqr_type=peticion)
    html = _page(client)
    item = re.search(
        rf'<li data-term-type="{peticion.pk}" data-term-text="([^"]+)">([^<]+)</li>', html
    )
    assert item, "the petición's term is listed"
    assert f"{term.days} días hábiles ({term.source})" in item.group(2)
    assert re.search(r"Le respondemos a más tardar el \d{1,2} de \w+ de \d{4}", item.group(1))


def test_form_states_the_upload_limit_before_filing(client, settings):
    settings.PQR_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    assert "Cada archivo puede pesar hasta 10 MB" in _page(client)


def test_description_has_a_counter_not_a_silent_maxlength_cut(client):
    html = _page(client)
    box = re.search(r"<textarea[^>]*name=\"description\"[^>]*>", html).group(0)
    assert "maxlength" not in box
    assert 'data-max-chars="10000"' in box
    assert "data-counter-left" in box


def test_too_long_description_is_refused_by_the_server_and_kept(client):
    text = "Hechos del caso. " * 600  # 10.200 characters
    response = client.post(CREATE_URL, form_data(description=text), **IP)
    html = response.content.decode()
    assert response.status_code == 400
    assert not Pqr.objects.exists()
    assert "10000" in html
    assert "caracteres" in html
    assert text.strip()[:200] in html


def test_phone_preference_needs_a_valid_phone(client):
    missing = client.post(CREATE_URL, form_data(contact_preference="phone"), **IP)
    assert missing.status_code == 400
    assert "Escriba el teléfono al que quiere que lo llamemos." in missing.content.decode()
    wrong = client.post(
        CREATE_URL, form_data(contact_preference="phone", contact_phone="12ab"), **IP
    )
    assert wrong.status_code == 400
    assert "Escriba un teléfono de 7 a 15 dígitos" in wrong.content.decode()
    assert 'value="12ab"' in wrong.content.decode()
    assert not Pqr.objects.exists()


def test_phone_preference_is_recorded_and_shown_to_the_agent(client, agent_client, agent):
    response = client.post(
        CREATE_URL, form_data(contact_preference="phone", contact_phone="300 123-4567"), **IP
    )
    assert response.status_code == 302
    pqr = Pqr.objects.get()
    assert (pqr.contact_phone, pqr.prefers_phone) == ("3001234567", True)
    assert pqr.customer.phone == "3001234567"
    assert pqr.customer.preferred_channel == ContactChannel.PHONE
    pqr.team.members.add(agent)
    page = agent_client.get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert "3001234567" in page
    assert "Prefiere que lo llamen" in page


# --- the rate limit ---------------------------------------------------------------


def test_forms_returned_with_errors_do_not_count(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    for _ in range(5):
        assert client.post(CREATE_URL, form_data(subject=""), **IP).status_code == 400
    assert client.post(CREATE_URL, form_data(), **IP).status_code == 302


def test_filings_count_and_the_refused_form_keeps_the_text_and_the_real_wait(
    client, settings, monkeypatch
):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    settings.PUBLIC_FORM_RATE_WINDOW_SECONDS = 600
    start = 1_800_000_000.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: start)
    for _ in range(2):
        assert client.post(CREATE_URL, form_data(), **IP).status_code == 302
    typed = form_data(subject="Tercera solicitud del día", description="Texto que no se pierde.")
    refused = client.post(CREATE_URL, typed, **IP)
    html = refused.content.decode()
    assert refused.status_code == 429
    assert Pqr.objects.count() == 2
    assert 'value="Tercera solicitud del día"' in html
    assert "Texto que no se pierde." in html
    assert "Intente de nuevo en 10 minutos" in html
    # Four minutes later the page says six, not a fixed "a few minutes".
    monkeypatch.setattr(ratelimit.time, "time", lambda: start + 240)
    assert "Intente de nuevo en 6 minutos" in client.post(CREATE_URL, typed, **IP).content.decode()


def test_invalid_lookups_do_not_count_failed_ones_do(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    for _ in range(4):
        assert client.post(LOOKUP_URL, {"radicado": "", "identifier": ""}, **IP).status_code == 400
    for _ in range(2):
        client.post(LOOKUP_URL, {"radicado": "PQR-2026-000999", "identifier": "1"}, **IP)
    refused = client.post(LOOKUP_URL, {"radicado": "PQR-2026-000777", "identifier": "2"}, **IP)
    html = refused.content.decode()
    assert refused.status_code == 429
    assert 'value="PQR-2026-000777"' in html
    assert re.search(r"Intente de nuevo en \d+ minutos", html)


def test_wait_is_told_in_whole_minutes_rounded_up():
    assert [ratelimit.wait_minutes(s) for s in (1, 60, 61, 599)] == [1, 1, 2, 10]
