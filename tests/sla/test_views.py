from datetime import datetime

import pytest
from django.urls import reverse

from sla.calendar import BOGOTA
from sla.models import NonWorkingDay, Notification
from sla.sweep import sweep_run
from tests.pqr.factories import make_pqr

pytestmark = pytest.mark.django_db


def test_breach_notification_shows_in_bell_and_can_be_marked_read(agent, agent_client, team_a):
    pqr = make_pqr(
        received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA),
        actor=agent,
        team=team_a,
        assigned_to=agent,
    )
    sweep_run(now=datetime(2026, 4, 10, 10, tzinfo=BOGOTA))
    page = agent_client.get(reverse("sla:notifications"))
    assert pqr.radicado in page.content.decode()
    assert Notification.objects.filter(user=agent, read_at__isnull=True).exists()
    agent_client.post(reverse("sla:notifications_read"))
    assert not Notification.objects.filter(user=agent, read_at__isnull=True).exists()


def test_pqr_detail_shows_overdue_badge(agent, agent_client, team_a):
    pqr = make_pqr(
        received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA),
        actor=agent,
        team=team_a,
        assigned_to=agent,
    )
    html = agent_client.get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert "text-bg-danger" in html


def test_admin_adds_extra_non_working_day(admin_client_role):
    url = reverse("sla:calendar")
    admin_client_role.post(url, {"day": "2026-03-25", "reason": "Día cívico"})
    assert NonWorkingDay.objects.filter(day="2026-03-25").exists()
    assert "Día cívico" in admin_client_role.get(url + "?year=2026").content.decode()


def test_agent_cannot_open_calendar(agent_client):
    assert agent_client.get(reverse("sla:calendar")).status_code == 403
