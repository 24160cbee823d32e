"""TOTP two-step verification for staff (django-otp), required for administrators when
PQRDESK_REQUIRE_2FA_FOR_ADMINS is on (issue 11, finding 4)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
PASSWORD = "a-Strong-pass-123"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


def _login(client, user, token=""):
    data = {"username": user.username, "password": PASSWORD}
    if token:
        data["otp_token"] = token
    return client.post(reverse("login"), data)


def _user_in(client):
    return client.get(reverse("home")).context["user"]


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Teléfono", confirmed=True)


def test_a_valid_totp_code_passes(client, agent):
    device = _device(agent)
    response = _login(client, agent, _code(device))
    assert response.status_code == 302
    user = _user_in(client)
    assert user == agent
    assert user.is_verified()


def test_password_alone_is_refused_once_a_device_is_set_up(client, agent):
    _device(agent)
    response = _login(client, agent)
    assert response.status_code == 200
    assert "El código de verificación no es válido" in response.content.decode()
    assert not _user_in(client).is_authenticated


def test_a_wrong_code_is_refused_and_counts_as_a_failure(client, agent, settings):
    settings.AXES_FAILURE_LIMIT = 3
    device = _device(agent)
    for _n in range(2):
        assert _login(client, agent, "000000").status_code == 200
    # Guessing codes with the right password locks the account like wrong passwords.
    assert _login(client, agent, "000000").status_code == 429
    assert _login(client, agent, _code(device)).status_code == 429
    assert not _user_in(client).is_authenticated


def test_staff_without_a_device_still_sign_in_with_the_password(client, agent, settings):
    settings.PQRDESK_REQUIRE_2FA_FOR_ADMINS = True
    assert _login(client, agent).status_code == 302
    assert client.get(reverse("pqr:queue")).status_code == 200


def test_setup_page_shows_a_qr_and_secret_and_confirms_with_a_code(client, agent):
    client.force_login(agent)
    page = client.get(reverse("two_factor_setup"))
    body = page.content.decode()
    assert "<svg" in body
    secret = re.search(r'data-testid="two-factor-secret">([A-Z2-7=]+)<', body).group(1)
    device = TOTPDevice.objects.get(user=agent, confirmed=False)
    assert len(secret) >= 32
    wrong = client.post(reverse("two_factor_setup"), {"otp_token": "123456"})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(user=agent, confirmed=True).exists()
    # django-otp throttles a device after a wrong code (1 s, doubling); a person retries
    # later, the test clears it.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    client.post(reverse("two_factor_setup"), {"otp_token": _code(device)})
    device.refresh_from_db()
    assert device.confirmed
    # A code is accepted once (replay protection); the next sign-in is in a later
    # 30-second window in real life.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    # Next sign-in asks for the code.
    fresh = Client()
    assert _login(fresh, agent).status_code == 200
    assert _login(fresh, agent, _code(device)).status_code == 302


def test_administrator_without_2fa_is_sent_to_set_it_up_when_required(
    client, administrator, settings
):
    settings.PQRDESK_REQUIRE_2FA_FOR_ADMINS = True
    response = _login(client, administrator)
    assert response["Location"].startswith(reverse("two_factor_setup"))
    for url in (reverse("admin:index"), reverse("customers:list"), reverse("home")):
        blocked = client.get(url)
        assert blocked.status_code == 302, url
        assert blocked["Location"].startswith(reverse("two_factor_setup")), url
    setup = client.get(reverse("two_factor_setup"))
    assert 'data-testid="two-factor-required"' in setup.content.decode()
    device = TOTPDevice.objects.get(user=administrator, confirmed=False)
    client.post(reverse("two_factor_setup"), {"otp_token": _code(device)})
    assert client.get(reverse("admin:index")).status_code == 200


def test_administrator_with_2fa_reaches_the_admin_after_the_code(client, administrator, settings):
    settings.PQRDESK_REQUIRE_2FA_FOR_ADMINS = True
    device = _device(administrator)
    assert _login(client, administrator, _code(device)).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_without_the_setting_an_administrator_is_not_forced(client, administrator, settings):
    settings.PQRDESK_REQUIRE_2FA_FOR_ADMINS = False
    _login(client, administrator)
    assert client.get(reverse("admin:index")).status_code == 200
