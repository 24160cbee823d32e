"""The failed-emails page: staff see what was given up, retry it or record another channel."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pqr.models import CustomerEmail, EventKind, PqrEvent

from .factories import CustomerFactory, TeamFactory, make_pqr

pytestmark = pytest.mark.django_db
PAGE = reverse("pqr:failed_emails")


@pytest.fixture
def failed(agent, team_a):
    pqr = make_pqr(actor=agent, team=team_a, customer=CustomerFactory(email="rebota@example.com"))
    row = CustomerEmail.objects.get(pqr=pqr, kind="acknowledgement")
    CustomerEmail.objects.filter(pk=row.pk).update(
        sent_at=None, failed_at=timezone.now(), attempts=60, last_error="SMTPServerDisconnected"
    )
    row.refresh_from_db()
    return row


def test_failed_email_is_listed_with_its_error(agent_client, failed):
    body = agent_client.get(PAGE).content.decode()
    assert failed.pqr.radicado in body
    assert "SMTPServerDisconnected" in body
    assert reverse("pqr:failed_email_retry", args=[failed.pk]) in body


def test_retry_sends_it_again_with_a_fresh_window(
    agent_client, failed, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(reverse("pqr:failed_email_retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.sent_at is not None
    assert failed.failed_at is None
    assert failed.retry_since is not None
    assert [m.to for m in mail.outbox] == [["rebota@example.com"]]
    assert f'failed-email-{failed.pk}"' not in agent_client.get(PAGE).content.decode()


def test_other_channel_closes_it_with_an_event(agent_client, agent, failed):
    url = reverse("pqr:failed_email_other_channel", args=[failed.pk])
    agent_client.post(url, {"note": "Llamada al 300 123 4567 el 2 de diciembre, Ana."})
    failed.refresh_from_db()
    assert failed.handled_by == agent
    assert "300 123 4567" in failed.handled_note
    assert PqrEvent.objects.filter(
        pqr=failed.pqr, kind=EventKind.NOTIFICATION, note=failed.handled_note
    ).exists()
    assert f'failed-email-{failed.pk}"' not in agent_client.get(PAGE).content.decode()


def test_other_channel_needs_a_note(agent_client, failed):
    url = reverse("pqr:failed_email_other_channel", args=[failed.pk])
    response = agent_client.post(url, {"note": "  "}, follow=True)
    assert "Escriba cómo se le comunicó" in response.content.decode()
    failed.refresh_from_db()
    assert failed.handled_at is None


def test_agent_does_not_see_other_teams_failed_emails(agent_client, failed, supervisor):
    other = TeamFactory(name="Equipo B")
    pqr = make_pqr(actor=supervisor, team=other, customer=CustomerFactory(email="b@example.com"))
    CustomerEmail.objects.filter(pqr=pqr).update(failed_at=timezone.now(), sent_at=None)
    row = CustomerEmail.objects.get(pqr=pqr)
    assert pqr.radicado not in agent_client.get(PAGE).content.decode()
    response = agent_client.post(reverse("pqr:failed_email_retry", args=[row.pk]))
    assert response.status_code == 404


def test_page_query_count_is_constant(agent_client, failed, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        agent_client.get(PAGE)
