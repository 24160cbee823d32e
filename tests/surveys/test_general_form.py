import pytest
from django.db import IntegrityError
from django.urls import reverse

from surveys.models import RecoveryCase, SurveyResponse
from tests.surveys.factories import PointOfServiceFactory, SurveyResponseFactory

pytestmark = pytest.mark.django_db


def _post(client, REMOTE_ADDR="127.0.0.1", **data):
    payload = {"score": "4", "comment": ""}
    payload.update(data)
    return client.post(reverse("surveys:public_general"), payload, REMOTE_ADDR=REMOTE_ADDR)


def test_general_form_records_an_anonymous_answer_with_its_point_of_service(client):
    point = PointOfServiceFactory(name="Sede Chapinero")
    page = client.get(reverse("surveys:public_general") + f"?punto={point.pk}")
    assert page.status_code == 200
    assert "Califique nuestro servicio" in page.content.decode()

    response = _post(client, score="5", point_of_service=str(point.pk), comment="Muy amables")

    assert response.status_code == 302
    saved = SurveyResponse.objects.get()
    assert (saved.score, saved.point_of_service, saved.comment) == (5, point, "Muy amables")
    assert saved.survey.source == "general"


def test_general_form_is_csrf_protected():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert _post(client).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_dimension_scores_are_optional_and_stored_when_given(client):
    _post(client, score="3", courtesy="5")
    saved = SurveyResponse.objects.get()
    assert saved.courtesy == 5
    assert saved.credibility is None
    assert saved.reliability is None


@pytest.mark.parametrize("bad", ["0", "6", "abc", ""])
def test_score_outside_1_to_5_is_rejected_by_the_form(client, bad):
    response = _post(client, score=bad)
    assert response.status_code == 200
    assert "Revise los campos marcados" in response.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("bad", [0, 6])
def test_score_outside_1_to_5_is_rejected_by_the_database(bad):
    with pytest.raises(IntegrityError):
        SurveyResponseFactory(score=bad)


def test_dimension_outside_1_to_5_is_rejected_by_the_database():
    with pytest.raises(IntegrityError):
        SurveyResponseFactory(score=4, courtesy=9)


def test_contact_details_without_consent_are_refused(client):
    response = _post(client, contact_email="ana@example.com")
    assert response.status_code == 200
    assert "necesitamos su autorización" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_contact_details_with_consent_are_kept(client):
    _post(client, contact_consent="on", contact_email="ana@example.com")
    saved = SurveyResponse.objects.get()
    assert saved.contact_email == "ana@example.com"
    assert saved.contact_consent_at is not None


def test_honeypot_filled_is_thanked_but_not_stored(client):
    response = _post(client, website="http://spam.example")
    assert response.status_code == 302
    assert not SurveyResponse.objects.exists()


def test_general_form_is_rate_limited_per_ip(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    for _ in range(3):
        assert _post(client, REMOTE_ADDR="10.0.0.1").status_code == 302
    blocked = client.post(reverse("surveys:public_general"), {"score": "4"}, REMOTE_ADDR="10.0.0.1")
    assert blocked.status_code == 429
    other_ip = client.post(
        reverse("surveys:public_general"), {"score": "4"}, REMOTE_ADDR="10.0.0.2"
    )
    assert other_ip.status_code == 302
    assert SurveyResponse.objects.count() == 4


def test_low_general_score_opens_exactly_one_recovery_case(client):
    _post(client, score="1", comment="Nadie me atendió")
    case = RecoveryCase.objects.get()
    assert case.comment == "Nadie me atendió"
    assert case.score == 1
    assert case.status == "open"


def test_good_general_score_opens_no_recovery_case(client):
    _post(client, score="3")
    assert not RecoveryCase.objects.exists()
