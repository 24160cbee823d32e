"""Supervisors who chose the daily digest get one email a day for breaches."""

import pytest
from django.core import mail

from core.roles import Role
from sla.digest import digests_send
from sla.models import DigestPreference, Notification
from sla.sweep import sweep_run
from tests.factories import UserFactory
from tests.pqr.factories import make_pqr
from tests.sla.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def digest_boss(team_a):
    user = UserFactory(username="jefe.resumen", role=Role.SUPERVISOR, email="jefe@example.com")
    team_a.supervisors.add(user)
    DigestPreference.objects.create(user=user, daily_digest=True)
    return user


def _breached(travel, agent, team_a, n=2):
    travel(at(2026, 3, 16, 10))
    pqrs = [
        make_pqr(received_at=at(2026, 3, 16, 10), actor=agent, team=team_a, assigned_to=agent)
        for _ in range(n)
    ]
    mail.outbox.clear()
    sweep_run(now=at(2026, 4, 10, 9))
    return pqrs


def _to(user):
    return [m for m in mail.outbox if user.email in m.to]


def test_digest_supervisor_gets_no_individual_breach_email(agent, team_a, digest_boss, travel):
    agent.email = "agente@example.com"
    agent.save()
    _breached(travel, agent, team_a)
    assert _to(digest_boss) == []
    assert len(_to(agent)) == 4  # resolution and legal breach of each PQR
    assert Notification.objects.filter(user=digest_boss, emailed=False).count() == 4


def test_daily_digest_lists_every_breach_once(agent, team_a, digest_boss, travel):
    pqrs = _breached(travel, agent, team_a)
    assert digests_send(now=at(2026, 4, 11, 7)) == 1
    (digest,) = _to(digest_boss)
    assert "4" in digest.subject
    for pqr in pqrs:
        assert digest.body.count(pqr.radicado) == 2
    assert digests_send(now=at(2026, 4, 11, 9)) == 0  # same day: nothing more
    assert len(_to(digest_boss)) == 1


def test_next_day_digest_holds_only_new_breaches(agent, team_a, digest_boss, travel):
    _breached(travel, agent, team_a, n=1)
    digests_send(now=at(2026, 4, 11, 7))
    assert digests_send(now=at(2026, 4, 12, 7)) == 0  # nothing new
    assert len(_to(digest_boss)) == 1


def test_supervisor_without_digest_keeps_individual_emails(agent, team_a, travel):
    boss = UserFactory(username="jefe.directo", role=Role.SUPERVISOR, email="jd@example.com")
    team_a.supervisors.add(boss)
    _breached(travel, agent, team_a, n=1)
    assert len(_to(boss)) == 2
    assert digests_send(now=at(2026, 4, 11, 7)) == 0
