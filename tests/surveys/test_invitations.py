from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from surveys.models import RecoveryCase, SatisfactionSurvey, SurveyStatus
from surveys.tasks import survey_invitation_send_task
from tests.surveys.conftest import make_customer, make_pqr, resolve, score_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(team, customer, agent, django_capture_on_commit_callbacks):
    pqr = make_pqr(team=team, customer=customer, assigned_to=agent)
    with django_capture_on_commit_callbacks(execute=True):
        resolve(pqr, agent)
    return pqr


BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


def _click(client, link):
    """What a person does: open the link (records nothing), then press the one confirm
    button, which posts the pre-selected score."""
    page = client.get(urlsplit(link).path, HTTP_USER_AGENT=BROWSER)
    if page.status_code != 200 or b'name="score"' not in page.content:
        return page
    score = page.context["form"].initial["score"]
    return client.post(
        page.context["action"], {"score": score}, HTTP_USER_AGENT=BROWSER, follow=True
    )


def test_resolution_emails_exactly_one_invitation_after_commit(resolved):
    survey = SatisfactionSurvey.objects.get(pqr=resolved)
    assert survey.status == SurveyStatus.PENDING
    assert survey.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cliente@example.com"]
    assert resolved.radicado in mail.outbox[0].subject


def test_no_invitation_when_the_resolution_rolls_back(
    team, customer, agent, django_capture_on_commit_callbacks
):
    pqr = make_pqr(team=team, customer=customer)

    def resolve_then_fail():
        with transaction.atomic():
            resolve(pqr, agent)
            raise RuntimeError("boom")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        resolve_then_fail()
    assert callbacks == []
    assert not SatisfactionSurvey.objects.exists()
    assert mail.outbox == []


def test_running_the_invitation_twice_sends_one_survey(resolved):
    survey_invitation_send_task.delay(resolved.pk)
    assert SatisfactionSurvey.objects.filter(pqr=resolved).count() == 1
    assert len(mail.outbox) == 1


def test_re_resolution_gets_a_new_survey_only_after_the_first_expired_unanswered(resolved):
    first = SatisfactionSurvey.objects.get(pqr=resolved)
    first.expires_at = timezone.now() - timedelta(minutes=1)
    first.save(update_fields=["expires_at"])

    survey_invitation_send_task.delay(resolved.pk)

    first.refresh_from_db()
    assert first.status == SurveyStatus.EXPIRED
    assert SatisfactionSurvey.objects.filter(pqr=resolved).count() == 2
    assert len(mail.outbox) == 2


def test_email_has_five_score_links_that_record_on_confirm(resolved, client):
    links = score_links(mail.outbox[0])
    assert sorted(links) == [1, 2, 3, 4, 5]
    assert "Completamente satisfecho" in mail.outbox[0].body
    landing = client.get(urlsplit(links[4]).path, HTTP_USER_AGENT=BROWSER)
    assert "Eligió 4 de 5" in landing.content.decode()
    assert "Confirmar mi calificación" in landing.content.decode()
    page = _click(client, links[4])
    assert page.status_code == 200
    assert "Gracias por su calificación" in page.content.decode()
    assert SatisfactionSurvey.objects.get(pqr=resolved).response.score == 4


def test_html_email_carries_the_same_links(resolved):
    html = mail.outbox[0].alternatives[0][0]
    for link in score_links(mail.outbox[0]).values():
        assert link in html


def test_score_can_change_within_the_grace_period(resolved, client):
    links = score_links(mail.outbox[0])
    _click(client, links[5])
    _click(client, links[3])
    assert SatisfactionSurvey.objects.get(pqr=resolved).response.score == 3


def test_link_cannot_be_reused_after_the_grace_period(resolved, client):
    links = score_links(mail.outbox[0])
    _click(client, links[5])
    response = SatisfactionSurvey.objects.get(pqr=resolved).response
    response.answered_at = timezone.now() - timedelta(hours=25)
    response.save(update_fields=["answered_at"])

    page = _click(client, links[1])

    assert "Esta encuesta ya fue respondida" in page.content.decode()
    response.refresh_from_db()
    assert response.score == 5
    assert not RecoveryCase.objects.exists()


def test_expired_link_is_refused_clearly(resolved, client):
    survey = SatisfactionSurvey.objects.get(pqr=resolved)
    survey.expires_at = timezone.now() - timedelta(seconds=1)
    survey.save(update_fields=["expires_at"])

    page = _click(client, score_links(mail.outbox[0])[5])

    assert page.status_code == 410
    assert "Esta encuesta ya venció" in page.content.decode()
    assert not hasattr(SatisfactionSurvey.objects.get(pk=survey.pk), "response")


def test_low_score_opens_exactly_one_recovery_case_for_the_team_supervisor(
    resolved, client, team_supervisor
):
    links = score_links(mail.outbox[0])
    page = _click(client, links[2])
    _click(client, links[1])
    client.post(
        page.request["PATH_INFO"],
        {"score": "1", "comment": "Nadie me llamó"},
        HTTP_USER_AGENT=BROWSER,
    )

    case = RecoveryCase.objects.get()
    assert case.assigned_to == team_supervisor
    assert case.comment == "Nadie me llamó"
    assert case.score == 1
    assert case.customer == resolved.customer


def test_dimension_scores_are_optional_on_the_survey_page(resolved, client):
    page = _click(client, score_links(mail.outbox[0])[4])
    client.post(
        page.request["PATH_INFO"],
        {"score": "4", "courtesy": "5", "comment": ""},
        HTTP_USER_AGENT=BROWSER,
    )
    response = SatisfactionSurvey.objects.get(pqr=resolved).response
    assert response.courtesy == 5
    assert response.credibility is None


def test_no_survey_for_a_customer_without_email(team, agent):
    pqr = make_pqr(team=team, customer=make_customer(email=""))
    survey_invitation_send_task.delay(pqr.pk)
    assert not SatisfactionSurvey.objects.exists()
    assert mail.outbox == []


def test_anonymous_filer_is_surveyed_only_with_survey_consent(team, agent):
    from pqr.models import Pqr

    without = make_pqr(team=team, contact_email="anon@example.com")
    # Consent to be contacted about the PQR (handling) is not consent to surveys.
    handling_only = make_pqr(
        team=team, contact_email="anon1@example.com", contact_consent_at=timezone.now()
    )
    with_consent = make_pqr(
        team=team, contact_email="anon2@example.com", contact_consent_at=timezone.now()
    )
    Pqr.objects.filter(pk=with_consent.pk).update(survey_consent_at=timezone.now())
    for pqr in (without, handling_only, with_consent):
        resolve(pqr, agent)
    mail.outbox.clear()
    for pqr in (without, handling_only, with_consent):
        survey_invitation_send_task.delay(pqr.pk)
    assert [m.to for m in mail.outbox] == [["anon2@example.com"]]


def test_survey_and_recovery_show_on_the_pqr_and_customer_timelines(resolved, client):
    from customers.timeline import customer_timeline

    _click(client, score_links(mail.outbox[0])[2])
    entries = [e for e in customer_timeline(resolved.customer) if e.kind == "survey"]
    assert len(entries) == 1
    assert "2 de 5" in entries[0].title
    assert "recuperación" in entries[0].title


def test_low_score_raises_one_recovery_alert_for_the_pqr(resolved, client):
    from sla.models import Alert

    links = score_links(mail.outbox[0])
    _click(client, links[2])
    _click(client, links[1])

    assert list(Alert.objects.filter(pqr=resolved).values_list("kind", flat=True)) == ["recovery"]


def test_database_refuses_a_second_live_survey_for_one_pqr(resolved):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        SatisfactionSurvey.objects.create(source="pqr", pqr=resolved)


def test_html_invitation_carries_the_stylesheet_inline(resolved):
    html = mail.outbox[0].alternatives[0][0]
    assert 'style="display: block;padding: 12px 16px;border: 1px solid #0d6efd;' in html
    assert "<style" not in html
