from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from customers.services import consent_record, consent_revoke
from surveys.models import SatisfactionSurvey, SurveyEvent, SurveySource, SurveyStatus
from surveys.services import survey_score_record, surveys_expire_due
from surveys.tasks import surveys_expire_due_task
from tests.surveys.conftest import make_pqr, resolve

pytestmark = pytest.mark.django_db


def test_customer_who_revoked_consent_gets_no_survey(
    team, customer, agent, django_capture_on_commit_callbacks
):
    consent_revoke(customer=customer, actor=agent)
    pqr = make_pqr(team=team, customer=customer, assigned_to=agent)
    with django_capture_on_commit_callbacks(execute=True):
        resolve(pqr, agent)
    assert not SatisfactionSurvey.objects.filter(pqr=pqr).exists()
    assert mail.outbox == []


def test_customer_who_consented_again_is_surveyed(
    team, customer, agent, django_capture_on_commit_callbacks
):
    consent_revoke(customer=customer, actor=agent)
    consent_record(
        customer=customer,
        channel="in_person",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    pqr = make_pqr(team=team, customer=customer, assigned_to=agent)
    with django_capture_on_commit_callbacks(execute=True):
        resolve(pqr, agent)
    assert [m.to for m in mail.outbox] == [[customer.email]]


def _survey(*, expires_in_days: float | None, status=SurveyStatus.PENDING):
    expires_at = None
    if expires_in_days is not None:
        expires_at = timezone.now() + timedelta(days=expires_in_days)
    return SatisfactionSurvey.objects.create(
        source=SurveySource.GENERAL, status=status, expires_at=expires_at
    )


def test_expiry_job_marks_only_pending_surveys_past_their_date():
    due = _survey(expires_in_days=-1)
    not_yet = _survey(expires_in_days=2)
    never_sent = _survey(expires_in_days=None)
    answered = _survey(expires_in_days=-1)
    survey_score_record(survey=answered, score=4)

    assert surveys_expire_due_task.delay().get() == 1

    statuses = {
        s.pk: s.status
        for s in SatisfactionSurvey.objects.filter(
            pk__in=[due.pk, not_yet.pk, never_sent.pk, answered.pk]
        )
    }
    assert statuses == {
        due.pk: SurveyStatus.EXPIRED,
        not_yet.pk: SurveyStatus.PENDING,
        never_sent.pk: SurveyStatus.PENDING,
        answered.pk: SurveyStatus.ANSWERED,
    }
    assert list(SurveyEvent.objects.filter(kind="expired").values_list("survey", flat=True)) == [
        due.pk
    ]


def test_expiry_job_runs_again_without_touching_expired_surveys():
    _survey(expires_in_days=-3)
    assert surveys_expire_due() == 1
    assert surveys_expire_due() == 0
    assert SurveyEvent.objects.filter(kind="expired").count() == 1


@pytest.mark.parametrize("count", [3, 60])
def test_expiry_job_is_set_based(count, django_assert_max_num_queries):
    for _ in range(count):
        _survey(expires_in_days=-1)
    with django_assert_max_num_queries(8):
        assert surveys_expire_due() == count


def test_expiry_job_is_in_the_beat_schedule(settings):
    from config.celery import app

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert surveys_expire_due_task.name in tasks
    assert surveys_expire_due_task.name in app.tasks
