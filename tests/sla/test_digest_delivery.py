"""The digest task end to end: run twice (eagerly and through a real worker on Redis)
it sends one email a day; a mail server that says "try later" is retried; a failure
that lasts is shown to the person until a digest goes out. Real SMTP (aiosmtpd)."""

import time

import pytest
from django.urls import reverse

from config.celery import app as celery_app
from core.roles import Role
from sla.digest import DigestsFailed, digests_send
from sla.models import DigestPreference
from sla.tasks import sla_daily_digest
from tests.factories import UserFactory
from tests.sla.conftest import at
from tests.sla.test_alert_preferences import PREFS
from tests.sla.test_digest import _breached, _to

from .test_notifications_inbox import _client

NOTIFICATIONS = reverse("sla:notifications")


def _boss(team_a):
    user = UserFactory(username="jefa.entrega", role=Role.SUPERVISOR, email="jefa@example.com")
    team_a.supervisors.add(user)
    return user


def _refuse_first(handler, times: int) -> list[int]:
    """The server answers 451 (a temporary failure) to the first `times` messages."""
    tries = []

    async def handle_data(server, session, envelope):
        tries.append(1)
        if len(tries) <= times:
            return "451 4.3.0 Mailbox busy, try again later"
        handler.messages.append(_parse(envelope.content))
        return "250 Message accepted for delivery"

    handler.handle_DATA = handle_data
    return tries


def _parse(content: bytes):
    import email
    from email import policy

    return email.message_from_bytes(content, policy=policy.default)


@pytest.mark.django_db
def test_the_task_run_twice_the_same_day_sends_one_digest(agent, team_a, travel, smtp_server):
    boss = _boss(team_a)
    _breached(travel, agent, team_a)
    travel(at(2026, 4, 11, 7, 0))
    sla_daily_digest.apply()
    travel(at(2026, 4, 11, 7, 5))
    sla_daily_digest.apply()
    assert len(_to(boss, smtp_server)) == 1


@pytest.mark.worker
def test_two_digest_tasks_through_the_worker_send_one_email(
    real_worker, agent, team_a, travel, smtp_server
):
    boss = _boss(team_a)
    _breached(travel, agent, team_a)
    travel(at(2026, 4, 11, 7, 0))
    results = [sla_daily_digest.delay(), sla_daily_digest.delay()]
    end = time.monotonic() + 30
    while (
        time.monotonic() < end
        and not DigestPreference.objects.filter(user=boss, last_digest_at__isnull=False).exists()
    ):
        time.sleep(0.2)
    time.sleep(1.5)  # a second email, if any, would land now
    assert len(results) == 2
    (digest,) = _to(boss, smtp_server)
    assert digest["Subject"] == "Resumen diario: 4 alertas"


@pytest.mark.django_db
def test_a_busy_mail_server_is_retried_until_the_digest_goes_out(
    agent, team_a, travel, smtp_server, monkeypatch
):
    boss = _boss(team_a)
    _breached(travel, agent, team_a, n=1)
    tries = _refuse_first(smtp_server, times=2)
    travel(at(2026, 4, 11, 7, 0))
    # Eager: the task's automatic retries run at once (their countdown is skipped) and
    # each retry's outcome is kept instead of raised.
    monkeypatch.setattr(celery_app.conf, "task_eager_propagates", False)
    sla_daily_digest.apply()
    assert len(tries) == 3
    (digest,) = _to(boss, smtp_server)
    assert digest["Message-ID"].startswith(f"<pqr-digest-{boss.pk}-20260411")
    row = DigestPreference.objects.get(user=boss)
    assert row.digest_failed_at is None
    assert row.digest_error == ""


@pytest.mark.django_db
def test_a_lasting_failure_is_shown_to_the_person_until_a_digest_goes_out(
    agent, team_a, travel, smtp_server
):
    boss = _boss(team_a)
    _breached(travel, agent, team_a, n=1)
    _refuse_first(smtp_server, times=10**6)
    with pytest.raises(DigestsFailed):
        digests_send(now=at(2026, 4, 11, 7))
    with pytest.raises(DigestsFailed):
        digests_send(now=at(2026, 4, 11, 8))  # the next hourly run fails too
    client = _client(boss)
    for url in (NOTIFICATIONS, PREFS):
        html = client.get(url).content.decode()
        assert "Su resumen diario no se pudo enviar" in html
        assert "451" in html
    # The server is back: the 09:00 run sends it, and the warning goes away.
    _refuse_first(smtp_server, times=0)
    assert digests_send(now=at(2026, 4, 11, 9)) == 1
    assert len(_to(boss, smtp_server)) == 1
    assert "no se pudo enviar" not in client.get(NOTIFICATIONS).content.decode()
