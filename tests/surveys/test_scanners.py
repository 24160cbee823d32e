"""Mail scanners open every link of an email: a GET never records a score, and a POST
from a known scanner never counts."""

from urllib.parse import urlsplit

import pytest
from django.core import mail

from surveys.models import RecoveryCase, SatisfactionSurvey, SurveyEvent, SurveyResponse
from tests.surveys.conftest import make_pqr, resolve, score_links

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
SAFE_LINKS = "Mozilla/5.0 (compatible; BingPreview/1.0b) Microsoft Office Safe Links"


@pytest.fixture
def invitation(team, customer, agent, django_capture_on_commit_callbacks):
    pqr = make_pqr(team=team, customer=customer, assigned_to=agent)
    with django_capture_on_commit_callbacks(execute=True):
        resolve(pqr, agent)
    return SatisfactionSurvey.objects.get(pqr=pqr), mail.outbox[-1]


def _links_in_email_order(message) -> list[str]:
    words = message.body.split()
    return [w for w in words if "/encuestas/c/" in w or "/encuestas/s/" in w]


def test_plain_gets_of_every_survey_link_change_nothing(client, invitation):
    survey, message = invitation
    links = _links_in_email_order(message)
    assert len(links) == 6  # five scores and the details page
    events_before = SurveyEvent.objects.filter(survey=survey).count()
    for agent_string in (SAFE_LINKS, BROWSER, ""):
        for link in links:
            path = urlsplit(link).path
            assert client.get(path, HTTP_USER_AGENT=agent_string).status_code == 200
            assert client.head(path, HTTP_USER_AGENT=agent_string).status_code == 200
    survey.refresh_from_db()
    assert survey.status == "pending"
    assert not SurveyResponse.objects.exists()
    assert not RecoveryCase.objects.exists()
    assert SurveyEvent.objects.filter(survey=survey).count() == events_before


def test_the_landing_page_shows_the_chosen_score_and_one_confirm_button(client, invitation):
    _survey, message = invitation
    page = client.get(urlsplit(score_links(message)[1]).path, HTTP_USER_AGENT=BROWSER)
    body = page.content.decode()
    assert "Eligió 1 de 5" in body
    form = body[body.index('<form method="post" action="/encuestas/s/') :]
    form = form[: form.index("</form>")]
    assert form.count('type="submit"') == 1
    assert "Confirmar mi calificación" in body
    assert page.context["form"].initial["score"] == 1


def test_a_post_from_a_known_scanner_never_counts(client, invitation):
    survey, message = invitation
    landing = client.get(urlsplit(score_links(message)[1]).path, HTTP_USER_AGENT=BROWSER)
    action = landing.context["action"]
    refused = client.post(action, {"score": "1"}, HTTP_USER_AGENT=SAFE_LINKS)
    assert refused.status_code == 403
    assert not SurveyResponse.objects.exists()
    assert client.post(action, {"score": "1"}).status_code == 403  # no User-Agent at all
    person = client.post(action, {"score": "1"}, HTTP_USER_AGENT=BROWSER)
    assert person.status_code == 200
    assert SatisfactionSurvey.objects.get(pk=survey.pk).response.score == 1


def test_the_scanner_list_is_a_setting(client, invitation, settings):
    _survey, message = invitation
    settings.SURVEY_SCANNER_USER_AGENTS = ["acme-gateway"]
    landing = client.get(urlsplit(score_links(message)[4]).path, HTTP_USER_AGENT=BROWSER)
    client.post(landing.context["action"], {"score": "4"}, HTTP_USER_AGENT="ACME-Gateway/2")
    assert not SurveyResponse.objects.exists()
