import time

import pytest
from django.core import mail

from surveys.models import SatisfactionSurvey
from tests.surveys.conftest import make_customer, make_pqr, make_team


@pytest.mark.worker
def test_invitation_goes_through_a_real_worker_on_redis(real_worker, agent):
    from tests.surveys.conftest import resolve

    team = make_team(members=[agent])
    pqr = make_pqr(team=team, customer=make_customer(email="worker@example.com"))
    resolve(pqr, agent)  # commits: the on_commit hook publishes to Redis

    deadline = time.monotonic() + 30
    # The PQR's acknowledgement (pqr outbox) also arrives; wait for the invitation itself.
    sent = SatisfactionSurvey.objects.filter(pqr=pqr, sent_at__isnull=False)
    while time.monotonic() < deadline and not sent.exists():
        time.sleep(0.2)
    assert sent.count() == 1
    invitations = [m for m in mail.outbox if "calificaría" in m.subject]
    assert [m.to for m in invitations] == [["worker@example.com"]]


@pytest.mark.worker
def test_expiry_job_runs_on_a_real_worker(real_worker):
    from datetime import timedelta

    from django.utils import timezone

    from surveys.models import SurveyStatus
    from surveys.tasks import surveys_expire_due_task

    survey = SatisfactionSurvey.objects.create(
        source="general", expires_at=timezone.now() - timedelta(days=1)
    )
    surveys_expire_due_task.delay()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and survey.status != SurveyStatus.EXPIRED:
        time.sleep(0.2)
        survey.refresh_from_db()
    assert survey.status == SurveyStatus.EXPIRED
