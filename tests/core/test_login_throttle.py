"""Login throttle with django-axes on the staff and admin sign-in, per username and per
address, a clear message and an administrator's unlock (issue 11, finding 4)."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-Strong-pass-123"  # tests.factories.UserFactory's


def _login(client, username, password, ip="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _signed_in(client) -> bool:
    return client.get(reverse("home")).context["user"].is_authenticated


def test_forty_wrong_passwords_then_the_right_one_is_refused(client, agent):
    for _n in range(40):
        _login(client, agent.username, "adivinando")
    response = _login(client, agent.username, PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    body = response.content.decode()
    assert 'data-testid="login-locked"' in body
    assert "Ingreso bloqueado por demasiados intentos fallidos" in body
    assert "30 minutos" in body


def test_the_username_is_locked_from_every_address(client, agent, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for n in range(5):
        _login(Client(), agent.username, "adivinando", ip=f"198.51.100.{n}")
    assert _login(client, agent.username, PASSWORD, ip="192.0.2.50").status_code == 429
    assert not _signed_in(client)


def test_an_address_trying_many_usernames_is_locked(client, agent):
    for n in range(5):
        _login(client, f"usuario{n}", "adivinando", ip="198.51.100.77")
    # The right password of a real account, from the same address: still refused.
    assert _login(client, agent.username, PASSWORD, ip="198.51.100.77").status_code == 429
    # The same account from another address is fine (it was not the one guessed).
    other = Client()
    assert _login(other, agent.username, PASSWORD, ip="192.0.2.50").status_code == 302


def test_fewer_failures_than_the_limit_let_the_user_in_and_reset_the_count(client, agent):
    for _n in range(4):
        _login(client, agent.username, "adivinando")
    assert _login(client, agent.username, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_admin_login_goes_through_the_throttled_login(client, administrator):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    for _n in range(5):
        client.post(reverse("admin:login"), {"username": administrator.username, "password": "x"})
        _login(client, administrator.username, "adivinando")
    assert _login(client, administrator.username, PASSWORD).status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302


def test_management_command_unlocks_a_username(client, agent):
    for _n in range(6):
        _login(client, agent.username, "adivinando", ip="198.51.100.9")
    assert _login(client, agent.username, PASSWORD, ip="198.51.100.9").status_code == 429
    call_command("axes_reset_username", agent.username)
    call_command("axes_reset_ip", "198.51.100.9")
    assert _login(client, agent.username, PASSWORD, ip="198.51.100.9").status_code == 302


def test_administrator_unlocks_from_the_admin(client, agent):
    for _n in range(6):
        _login(client, agent.username, "adivinando", ip="198.51.100.9")
    attempt = AccessAttempt.objects.get(username=agent.username)
    admin = Client()
    admin.force_login(UserFactory(username="jefa.sistemas", role=Role.ADMIN))
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert agent.username in listing.content.decode()
    admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert not AccessAttempt.objects.exists()
    assert _login(client, agent.username, PASSWORD, ip="198.51.100.9").status_code == 302


def test_locked_page_is_translated(client, agent):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for _n in range(6):
        _login(client, agent.username, "adivinando")
    body = _login(client, agent.username, PASSWORD).content.decode()
    assert "Sign-in locked after too many failed attempts" in body
