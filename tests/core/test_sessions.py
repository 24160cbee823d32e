"""Staff sessions last a working day and end when the browser closes (issue 11,
finding 8); both are settings."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _login(client):
    UserFactory(username="agente.sesion", password="Clave-Segura-2026", role="Agente")
    return client.post(
        reverse("login"), {"username": "agente.sesion", "password": "Clave-Segura-2026"}
    )


def test_defaults_are_eight_hours_and_expire_at_browser_close():
    from config.settings import base

    assert base.SESSION_COOKIE_AGE == 8 * 3600
    assert base.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_login_cookie_dies_with_the_browser_and_the_session_after_eight_hours(client, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600  # the base default (test settings lengthen it)
    response = _login(client)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""  # a browser-session cookie
    assert cookie["max-age"] == ""
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == 8 * 3600


def test_an_office_can_keep_the_cookie_for_a_set_time(client, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = False
    settings.SESSION_COOKIE_AGE = 3600
    cookie = _login(client).cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 3600
