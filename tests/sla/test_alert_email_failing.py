"""An alert whose email the mail server refuses (issue 16's quality bar: what fails is
shown to a person): the bell has it at once, the person who asked for the email is told
it is failing and why, and once the server is back the email goes out and the warning
disappears. Real SMTP server (aiosmtpd) answering 451."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pqr.models import Priority
from sla.models import Alert, AlertKind, Notification
from sla.sending import alert_deliver
from tests.pqr.factories import make_pqr
from tests.sla.conftest import at
from tests.sla.test_digest import _to
from tests.sla.test_digest_delivery import _boss, _refuse_first

from .test_notifications_inbox import _client

pytestmark = pytest.mark.django_db
NOTIFICATIONS = reverse("sla:notifications")


def _life_at_risk(travel, agent, team_a):
    travel(at(2026, 3, 16, 10))
    pqr = make_pqr(actor=agent, team=team_a, assigned_to=agent, priority=Priority.RIESGO_VIDA)
    return pqr, Alert.objects.get(pqr=pqr, kind=AlertKind.LIFE_AT_RISK)


def test_a_refused_alert_email_is_in_the_bell_and_shown_as_failing_until_it_goes_out(
    agent, team_a, travel, smtp_server
):
    boss = _boss(team_a)  # never chose: life at risk is emailed to them one by one
    pqr, alert = _life_at_risk(travel, agent, team_a)
    _refuse_first(smtp_server, times=2)
    for _try in range(2):
        with pytest.raises(Exception, match="451"):
            alert_deliver(alert_id=alert.pk)
    assert _to(boss, smtp_server) == []
    client = _client(boss)
    html = client.get(NOTIFICATIONS).content.decode()
    assert pqr.radicado in html  # the bell did not wait for the mail server
    assert 'data-testid="alert-emails-failing"' in html
    assert "1 alerta que pidió por correo aún no le llega" in html
    assert "451" in html
    # The agent asked for no email: the bell has it, and no warning is theirs.
    agent_html = _client(agent).get(NOTIFICATIONS).content.decode()
    assert pqr.radicado in agent_html
    assert "alert-emails-failing" not in agent_html

    assert alert_deliver(alert_id=alert.pk)  # the server is back: the retry sends it
    (sent,) = _to(boss, smtp_server)
    assert f"[{pqr.radicado}]" in sent["Subject"]
    assert Notification.objects.get(user=boss, alert=alert).emailed
    assert Notification.objects.filter(alert=alert).count() == 2  # no duplicates
    assert "alert-emails-failing" not in client.get(NOTIFICATIONS).content.decode()


def test_the_warning_costs_the_notifications_page_no_extra_query(
    agent, team_a, travel, smtp_server
):
    boss = _boss(team_a)
    _pqr, alert = _life_at_risk(travel, agent, team_a)
    client = _client(boss)
    client.get(NOTIFICATIONS)
    with CaptureQueriesContext(connection) as healthy:
        client.get(NOTIFICATIONS)
    _refuse_first(smtp_server, times=1)
    with pytest.raises(Exception, match="451"):
        alert_deliver(alert_id=alert.pk)
    with CaptureQueriesContext(connection) as failing:
        html = client.get(NOTIFICATIONS).content.decode()
    assert "alert-emails-failing" in html
    assert len(failing) == len(healthy)
