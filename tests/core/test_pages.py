import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_home_offers_public_entry_points_in_spanish(client):
    response = client.get(reverse("home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Radicar una PQR" in body
    assert "Califique nuestro servicio" in body
    assert "Ingreso del personal" in body


def test_agent_home_greets_by_role(agent_client):
    body = agent_client.get(reverse("home")).content.decode()
    assert "Ingresó con el rol Agente" in body
    assert "Tablero de cumplimiento" not in body


def test_supervisor_home_shows_dashboard_entry(supervisor_client):
    body = supervisor_client.get(reverse("home")).content.decode()
    assert "Tablero de cumplimiento" in body


def test_login_page_logs_a_user_in(client, agent):
    response = client.post(
        reverse("login"), {"username": agent.username, "password": "a-Strong-pass-123"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == agent


def test_wrong_password_keeps_username_and_explains(client, agent):
    response = client.post(reverse("login"), {"username": agent.username, "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{agent.username}"' in body
    assert "alert" in body


def test_password_change_requires_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_english_is_available_through_the_language_switcher(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert "File a PQR" in body
    assert '<html lang="en">' in body


def test_unknown_page_renders_friendly_404(client):
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()
