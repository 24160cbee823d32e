"""The daily digest and one email per alert (issue 16, "Alertas"): supervisors get the
digest at 07:00 Bogotá without creating anything, agents do not; each person may move
its hour and ask for one email per alert of chosen kinds. Mail goes through a real
SMTP server (aiosmtpd)."""

import pytest
from django.core import mail

from core.roles import Role
from pqr.models import Priority
from sla.digest import digests_send
from sla.models import Alert, AlertKind, DigestPreference, Notification
from sla.preferences import alert_preferences_set
from sla.sending import alert_deliver
from sla.sweep import sweep_run
from tests.factories import UserFactory
from tests.pqr.factories import make_pqr
from tests.sla.alert_emails import email_every_alert
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest_boss(team_a):
    """A team supervisor who never opened the preferences page."""
    user = UserFactory(username="jefe.resumen", role=Role.SUPERVISOR, email="jefe@example.com")
    team_a.supervisors.add(user)
    return user


def _breached(travel, agent, team_a, n=2):
    """n PQRs of team_a whose resolution and legal terms broke on 2026-04-10 09:00."""
    travel(at(2026, 3, 16, 10))
    pqrs = [
        make_pqr(received_at=at(2026, 3, 16, 10), actor=agent, team=team_a, assigned_to=agent)
        for _ in range(n)
    ]
    mail.outbox.clear()
    sweep_run(now=travel(at(2026, 4, 10, 9)))
    return pqrs


def _to(user, outbox=None):
    """Messages sent to `user`: the SMTP server's (real) or Django's locmem outbox."""
    if outbox is None:
        return [m for m in mail.outbox if user.email in m.to]
    return [m for m in outbox.messages if user.email in m["To"]]


def test_supervisor_gets_the_digest_by_default_and_no_email_per_alert(
    agent, team_a, digest_boss, travel, smtp_server
):
    pqrs = _breached(travel, agent, team_a)
    assert not DigestPreference.objects.filter(user=digest_boss).exists()
    assert _to(digest_boss, smtp_server) == []
    assert Notification.objects.filter(user=digest_boss, emailed=False).count() == 4
    assert digests_send(now=at(2026, 4, 11, 7)) == 1
    (digest,) = _to(digest_boss, smtp_server)
    assert digest["Subject"] == "Resumen diario: 4 alertas"
    body = digest.get_content()
    for pqr in pqrs:
        assert body.count(pqr.radicado) == 2  # its resolution and its legal breach
    assert "Solución vencida" in body
    assert "Término legal vencido" in body
    assert "/sla/notificaciones/" in body
    assert not Notification.objects.filter(user=digest_boss, emailed=False).exists()


def test_agent_gets_no_digest_and_no_email_by_default(agent, team_a, travel, smtp_server):
    _breached(travel, agent, team_a)
    assert Notification.objects.filter(user=agent).count() == 4  # the bell has them
    assert digests_send(now=at(2026, 4, 11, 7)) == 0
    assert _to(agent, smtp_server) == []


def test_digest_arrives_at_the_chosen_hour_and_not_before(
    agent, team_a, digest_boss, travel, smtp_server
):
    DigestPreference.objects.create(user=digest_boss, daily_digest=True, digest_hour=15)
    _breached(travel, agent, team_a, n=1)
    assert digests_send(now=at(2026, 4, 11, 7)) == 0
    assert digests_send(now=at(2026, 4, 11, 14, 59)) == 0
    assert _to(digest_boss, smtp_server) == []
    assert digests_send(now=at(2026, 4, 11, 15, 0)) == 1
    assert len(_to(digest_boss, smtp_server)) == 1
    assert digests_send(now=at(2026, 4, 11, 16, 0)) == 0  # once a day
    assert digests_send(now=at(2026, 4, 11, 23, 59)) == 0
    assert len(_to(digest_boss, smtp_server)) == 1


def test_default_digest_hour_is_seven_bogota_time(agent, team_a, digest_boss, travel, smtp_server):
    _breached(travel, agent, team_a, n=1)
    assert digests_send(now=at(2026, 4, 11, 6, 59)) == 0
    assert digests_send(now=at(2026, 4, 11, 7, 0)) == 1


def test_a_missed_hour_is_caught_up_by_the_next_run(agent, team_a, digest_boss, travel):
    _breached(travel, agent, team_a, n=1)
    # Beat was down at 07:00 and 08:00: the 09:00 run sends it.
    assert digests_send(now=at(2026, 4, 11, 9, 0)) == 1
    assert len(_to(digest_boss)) == 1


def test_next_day_digest_holds_only_new_alerts(agent, team_a, digest_boss, travel):
    _breached(travel, agent, team_a, n=1)
    assert digests_send(now=at(2026, 4, 11, 7)) == 1
    assert digests_send(now=at(2026, 4, 12, 7)) == 0  # nothing new
    assert len(_to(digest_boss)) == 1


def test_agent_who_turns_the_digest_on_gets_it(agent, team_a, travel, smtp_server):
    DigestPreference.objects.create(user=agent, daily_digest=True, digest_hour=8)
    pqrs = _breached(travel, agent, team_a, n=1)
    assert digests_send(now=at(2026, 4, 11, 7, 59)) == 0
    assert digests_send(now=at(2026, 4, 11, 8)) == 1
    (digest,) = _to(agent, smtp_server)
    assert pqrs[0].radicado in digest.get_content()


def test_supervisor_who_turns_the_digest_off_gets_none(agent, team_a, digest_boss, travel):
    DigestPreference.objects.create(user=digest_boss, daily_digest=False)
    _breached(travel, agent, team_a, n=1)
    assert digests_send(now=at(2026, 4, 11, 7)) == 0
    assert _to(digest_boss) == []


def test_opt_in_sends_one_email_per_alert_of_that_kind_and_the_rest_waits_for_the_digest(
    agent, team_a, digest_boss, travel, smtp_server
):
    email_every_alert(digest_boss, kinds=[AlertKind.RESOLUTION_BREACH])
    (pqr,) = _breached(travel, agent, team_a, n=1)
    (alone,) = _to(digest_boss, smtp_server)
    assert alone["Subject"] == f"[{pqr.radicado}] Solución vencida"
    assert digests_send(now=at(2026, 4, 11, 7)) == 1
    digest = _to(digest_boss, smtp_server)[1]
    assert digest["Subject"] == "Resumen diario: 1 alerta"
    assert "Término legal vencido" in digest.get_content()
    assert "Solución vencida" not in digest.get_content()


def test_opt_in_for_every_kind_empties_the_digest(agent, team_a, digest_boss, travel):
    email_every_alert(digest_boss)
    _breached(travel, agent, team_a, n=2)
    assert len(_to(digest_boss)) == 4  # one per alert
    assert digests_send(now=at(2026, 4, 11, 7)) == 0
    assert len(_to(digest_boss)) == 4


def test_opting_out_again_stops_the_emails(agent, team_a, digest_boss, travel):
    email_every_alert(digest_boss, kinds=[])
    _breached(travel, agent, team_a, n=1)
    assert _to(digest_boss) == []


def test_a_digest_never_reaches_back_more_than_a_week(agent, team_a, digest_boss, travel):
    _breached(travel, agent, team_a, n=1)
    DigestPreference.objects.create(user=digest_boss, daily_digest=False)
    # Off for a month, then on again: the old alerts are on the page, not in the mail.
    DigestPreference.objects.filter(user=digest_boss).update(daily_digest=True)
    assert digests_send(now=at(2026, 5, 11, 7)) == 0
    assert _to(digest_boss) == []


def test_inactive_or_mailless_supervisors_get_no_digest(agent, team_a, digest_boss, travel):
    nomail = UserFactory(username="jefe.sin.correo", role=Role.SUPERVISOR, email="")
    team_a.supervisors.add(nomail)
    digest_boss.is_active = False
    digest_boss.save(update_fields=["is_active"])
    _breached(travel, agent, team_a, n=1)
    assert digests_send(now=at(2026, 4, 11, 7)) == 0
    assert mail.outbox == []


def test_an_alert_committed_just_after_a_digest_goes_in_the_next_one(
    agent, team_a, digest_boss, travel
):
    (pqr,) = _breached(travel, agent, team_a, n=1)
    assert digests_send(now=at(2026, 4, 11, 7)) == 1
    # Written at 06:59:30 but committed after the 07:00 digest had looked.
    late = Notification.objects.filter(user=digest_boss).first()
    Notification.objects.filter(pk=late.pk).update(emailed=False, created_at=at(2026, 4, 11, 6, 59))
    assert digests_send(now=at(2026, 4, 12, 7)) == 1
    digest = _to(digest_boss)[-1]
    assert digest.subject == "Resumen diario: 1 alerta"
    assert pqr.radicado in digest.body


def _deliver(pqr):
    """What the worker does with the alert the filing queued on commit."""
    (alert,) = Alert.objects.filter(pqr=pqr, kind=AlertKind.LIFE_AT_RISK)
    assert alert_deliver(alert_id=alert.pk)


def test_life_at_risk_is_emailed_at_once_to_a_supervisor_who_never_chose(
    agent, team_a, digest_boss, travel, smtp_server
):
    travel(at(2026, 3, 16, 10))
    pqr = make_pqr(actor=agent, team=team_a, assigned_to=agent, priority=Priority.RIESGO_VIDA)
    _deliver(pqr)
    (alone,) = _to(digest_boss, smtp_server)
    assert f"[{pqr.radicado}] Riesgo para la vida" in alone["Subject"]
    assert _to(agent, smtp_server) == []  # agents still opt in themselves


def test_a_supervisor_who_unticked_life_at_risk_gets_it_in_the_digest_only(
    agent, team_a, digest_boss, travel, smtp_server
):
    alert_preferences_set(user=digest_boss, daily_digest=True, digest_hour=7, email_kinds=[])
    travel(at(2026, 3, 16, 10))
    _deliver(make_pqr(actor=agent, team=team_a, assigned_to=agent, priority=Priority.RIESGO_VIDA))
    assert _to(digest_boss, smtp_server) == []
    assert digests_send(now=at(2026, 3, 17, 7)) == 1
    assert "Riesgo para la vida" in _to(digest_boss, smtp_server)[0].get_content()
