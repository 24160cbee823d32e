"""Issue 12: the invitation row is written in the resolving transaction, a beat job
sends the ones whose task never ran, and a resend keeps its token and Message-ID."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from surveys.models import SatisfactionSurvey
from surveys.services import survey_invitation_send, surveys_send_pending
from tests.surveys.conftest import make_customer, make_pqr, resolve

pytestmark = pytest.mark.django_db


def test_resolution_writes_the_pending_invitation_even_when_its_task_never_runs(
    team, agent, django_capture_on_commit_callbacks
):
    pqr = make_pqr(team=team, customer=make_customer(email="pendiente@example.com"))
    # Callbacks not run: the broker was down at commit time, nothing was queued.
    with django_capture_on_commit_callbacks(execute=False):
        resolve(pqr, agent)
    survey = SatisfactionSurvey.objects.get(pqr=pqr)
    assert survey.sent_at is None
    mail.outbox.clear()
    assert surveys_send_pending(now=timezone.now()) == 0  # too fresh: its task may run
    assert surveys_send_pending(now=timezone.now() + timedelta(minutes=5)) == 1
    survey.refresh_from_db()
    assert survey.sent_at is not None
    assert [m.to for m in mail.outbox] == [["pendiente@example.com"]]
    # Already sent: a second beat run sends nothing more.
    assert surveys_send_pending(now=timezone.now() + timedelta(minutes=10)) == 0


def test_a_rolled_back_resolution_leaves_no_invitation(team, agent):
    pqr = make_pqr(team=team, customer=make_customer(email="rollback@example.com"))
    try:
        with transaction.atomic():
            resolve(pqr, agent)
            raise RuntimeError("the request failed after resolving")
    except RuntimeError:
        pass
    assert not SatisfactionSurvey.objects.filter(pqr=pqr).exists()


def test_a_resend_after_a_lost_commit_keeps_the_token_and_message_id(
    team, agent, django_capture_on_commit_callbacks
):
    pqr = make_pqr(team=team, customer=make_customer(email="dos@example.com"))
    with django_capture_on_commit_callbacks(execute=False):
        resolve(pqr, agent)
    survey = SatisfactionSurvey.objects.get(pqr=pqr)
    mail.outbox.clear()
    assert survey_invitation_send(survey=survey)
    # The worker died after the server accepted it and before the commit.
    SatisfactionSurvey.objects.filter(pk=survey.pk).update(sent_at=None, token_hash=None)
    assert survey_invitation_send(survey=survey)
    first, second = mail.outbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"] == f"<pqr-survey-{survey.pk}@127.0.0.1>"
    assert first.body == second.body  # same working links in both copies
