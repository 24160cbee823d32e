import pytest
from django.urls import reverse

from surveys import tokens
from tests.surveys.factories import PointOfServiceFactory


def test_tokens_are_long_random_and_distinct():
    issued = {tokens.token_new() for _ in range(200)}
    assert len(issued) == 200
    assert all(len(raw) >= 43 for raw in issued)  # 32 random bytes, URL-safe


def test_one_click_link_cannot_be_tampered_to_another_score():
    signed = tokens.score_link_sign("abc", 2)
    assert tokens.score_link_read(signed) == ("abc", 2)
    payload, rest = signed.split(":", 1)
    other_payload = tokens.score_link_sign("abc", 5).split(":", 1)[0]
    assert payload != other_payload
    assert tokens.score_link_read(f"{other_payload}:{rest}") is None


@pytest.mark.django_db
def test_unknown_token_and_bad_signature_show_the_same_neutral_page(client):
    guessed = client.get(reverse("surveys:public_survey", args=[tokens.token_new()]))
    forged = client.get(reverse("surveys:score", args=["not-a-signature"]))
    assert guessed.status_code == forged.status_code == 404
    assert "Este enlace no es válido" in guessed.content.decode()
    assert "Este enlace no es válido" in forged.content.decode()
    assert "venció" not in guessed.content.decode()


@pytest.mark.django_db
def test_admin_prints_a_qr_poster_for_a_point_of_service(admin_client_role):
    point = PointOfServiceFactory(name="Sede Centro")
    poster = admin_client_role.get(reverse("admin:surveys_poster", args=[point.pk]))
    body = poster.content.decode()
    assert poster.status_code == 200
    assert "<svg" in body
    assert "Sede Centro" in body
    assert f"/encuestas/?punto={point.pk}" in body

    png = admin_client_role.get(reverse("admin:surveys_qr_png", args=[point.pk]))
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")


@pytest.mark.django_db
def test_admin_offers_a_poster_for_the_general_form(admin_client_role):
    changelist = admin_client_role.get(reverse("admin:surveys_pointofservice_changelist"))
    assert reverse("admin:surveys_poster_general") in changelist.content.decode()
    poster = admin_client_role.get(reverse("admin:surveys_poster_general"))
    assert "<svg" in poster.content.decode()


@pytest.mark.django_db
def test_survey_page_speaks_the_customers_language(client):
    from surveys.models import SatisfactionSurvey, SurveySource

    raw = tokens.token_new()
    SatisfactionSurvey.objects.create(
        source=SurveySource.PQR, language="en", token_hash=tokens.token_hash(raw)
    )
    page = client.get(reverse("surveys:public_survey", args=[raw]), HTTP_ACCEPT_LANGUAGE="es")
    assert page.status_code == 200
    assert '<html lang="en">' in page.content.decode()
