"""A score of 1-2 reaches the agent who handled the PQR, in the bell and, when they
asked for one email per recovery alert, by email."""

from urllib.parse import urlsplit

import pytest
from django.core import mail

from core.roles import Role
from pqr.services.assignment import pqr_assign
from sla.models import AlertKind, Notification
from tests.factories import UserFactory
from tests.sla.alert_emails import email_every_alert
from tests.surveys.conftest import make_pqr, resolve, score_links

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


def _answer_survey(client, link):
    page = client.get(urlsplit(link).path, HTTP_USER_AGENT=BROWSER)
    score = page.context["form"].initial["score"]
    client.post(page.context["action"], {"score": score}, HTTP_USER_AGENT=BROWSER, follow=True)


def _resolved_by(agent, team, customer, capture):
    pqr = make_pqr(team=team, customer=customer, assigned_to=agent)
    with capture(execute=True):
        resolve(pqr, agent)
    return pqr


def test_low_score_notifies_the_handling_agent(
    team, customer, agent, client, django_capture_on_commit_callbacks
):
    agent.email = "agente.atiende@example.com"
    agent.save(update_fields=["email"])
    email_every_alert(agent, kinds=[AlertKind.RECOVERY])  # the email is opt-in
    pqr = _resolved_by(agent, team, customer, django_capture_on_commit_callbacks)
    invitation = mail.outbox[0]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        _answer_survey(client, score_links(invitation)[1])

    notification = Notification.objects.get(user=agent)
    assert notification.alert.kind == "recovery"
    assert notification.alert.pqr == pqr
    to_agent = [m for m in mail.outbox if agent.email in m.to]
    assert len(to_agent) == 1
    assert pqr.radicado in to_agent[0].subject


def test_low_score_reaches_the_agent_who_worked_on_it_before_a_reassignment(
    team, customer, agent, client, django_capture_on_commit_callbacks
):
    """The agent took the case into process; it then went to a colleague (covering a
    leave), who resolved it. Both hear of the score."""
    pqr = make_pqr(team=team, customer=customer, assigned_to=agent)
    colleague = UserFactory(username="colega.cubre", role=Role.AGENT)
    team.members.add(colleague)
    pqr_assign(pqr=pqr, actor=colleague, assigned_to=colleague)
    with django_capture_on_commit_callbacks(execute=True):
        resolve(pqr, colleague)
    invitation = mail.outbox[0]

    with django_capture_on_commit_callbacks(execute=True):
        _answer_survey(client, score_links(invitation)[2])

    assert Notification.objects.filter(user=agent, alert__kind="recovery").count() == 1
    assert Notification.objects.filter(user=colleague, alert__kind="recovery").count() == 1


def test_good_score_notifies_nobody(
    team, customer, agent, client, django_capture_on_commit_callbacks
):
    _resolved_by(agent, team, customer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        _answer_survey(client, score_links(mail.outbox[0])[5])
    assert not Notification.objects.filter(alert__kind="recovery").exists()
