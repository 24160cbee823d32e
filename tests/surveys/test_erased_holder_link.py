"""A survey link of a customer whose data was erased adds nothing any more (issue 11,
finding 8): the old email's link shows the neutral invalid page, the comment posted
through it is not stored."""

import pytest
from django.urls import reverse
from django.utils import timezone

from customers.services import customer_anonymise
from surveys import tokens
from surveys.models import SatisfactionSurvey, SurveyResponse, SurveySource, SurveyStatus

from .conftest import make_customer, make_pqr

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


@pytest.fixture
def answered_link(team, agent):
    customer = make_customer(full_name="Titular Encuestado")
    pqr = make_pqr(team=team, customer=customer, assigned_to=agent)
    raw = tokens.token_new()
    survey = SatisfactionSurvey.objects.create(
        source=SurveySource.PQR,
        pqr=pqr,
        customer=customer,
        token_hash=tokens.token_hash(raw),
        status=SurveyStatus.ANSWERED,
        expires_at=timezone.now() + timezone.timedelta(days=10),
    )
    # Answered a minute ago: still inside the grace period, so the link is open.
    SurveyResponse.objects.create(survey=survey, score=2, answered_at=timezone.now())
    return customer, survey, raw


def _post_comment(client, raw):
    return client.post(
        reverse("surveys:public_survey", args=[raw]),
        {"score": 1, "comment": "Llámenme al 3001234567, soy Titular Encuestado"},
        HTTP_USER_AGENT=BROWSER,
    )


def test_link_of_an_erased_customer_refuses_a_comment(client, answered_link, administrator):
    customer, survey, raw = answered_link
    assert client.get(reverse("surveys:public_survey", args=[raw])).status_code == 200

    customer_anonymise(customer=customer, actor=administrator)

    response = _post_comment(client, raw)
    assert response.status_code == 404
    assert "Este enlace no es válido" in response.content.decode()
    stored = SurveyResponse.objects.get(survey=survey)
    assert stored.comment == ""
    assert stored.score == 2  # the statistics keep the score given before the erasure


def test_one_click_score_link_of_an_erased_customer_is_invalid(
    client, answered_link, administrator
):
    customer, _survey, raw = answered_link
    customer_anonymise(customer=customer, actor=administrator)
    signed = tokens.score_link_sign(raw, 5)
    assert client.get(reverse("surveys:score", args=[signed])).status_code == 404


def test_link_of_another_customer_still_takes_a_comment(client, answered_link, administrator):
    _customer, survey, raw = answered_link
    other = make_customer(full_name="Otro Titular", email="otro@example.com")
    customer_anonymise(customer=other, actor=administrator)
    assert _post_comment(client, raw).status_code == 200
    assert SurveyResponse.objects.get(survey=survey).comment.startswith("Llámenme")
