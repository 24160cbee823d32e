"""The bell's list is scoped like the PQRs: an agent sees the notifications of PQRs they
may see now, the badge counts what the list shows, the team filter offers their teams,
and the filters keep their values on the page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from pqr.models import Pqr
from sla.models import Alert, AlertKind, Notification
from sla.services import alert_raise
from tests.factories import UserFactory
from tests.pqr.factories import TeamFactory, make_pqr

from .test_notifications_inbox import _client, _deliver_all

pytestmark = pytest.mark.django_db
NOTIFICATIONS = reverse("sla:notifications")


@pytest.fixture
def moved(agent, team_a):
    """Two notifications of the agent's team; one PQR then moves to a team the agent is
    not in, unassigned."""
    elsewhere = TeamFactory(name="Equipo Sur")
    kept = make_pqr(team=team_a, assigned_to=agent)
    gone = make_pqr(team=team_a, assigned_to=agent)
    alert_raise(pqr=kept, kind=AlertKind.WARNING, threshold="k")
    alert_raise(pqr=gone, kind=AlertKind.ANGER, threshold="g")
    _deliver_all()
    Pqr.objects.filter(pk=gone.pk).update(team=elsewhere, assigned_to=None)
    return {"kept": kept, "gone": gone, "elsewhere": elsewhere}


def _badge(html: str) -> str:
    bell = re.search(r'href="/sla/notificaciones/".*?</a>', html, re.S).group(0)
    found = re.search(r"text-bg-danger[^>]*>([^<]+)<", bell)
    return found.group(1) if found else "0"


def test_agent_no_longer_sees_notifications_of_a_pqr_moved_out_of_reach(agent, moved):
    client = _client(agent)
    response = client.get(NOTIFICATIONS)
    html = response.content.decode()
    assert [n.alert.pqr for n in response.context["page"]] == [moved["kept"]]
    assert moved["gone"].radicado not in html
    assert "1 notificación" in html
    assert _badge(html) == "1"
    # Marking everything read leaves the hidden one alone and says so.
    follow = client.post(reverse("sla:notifications_read"), follow=True).content.decode()
    assert "Marcamos 1 notificación como leída." in follow
    assert Notification.objects.get(alert__pqr=moved["gone"]).read_at is None


def test_supervisor_keeps_seeing_every_notification(agent, team_a, moved):
    boss = UserFactory(username="jefe.alcance", role=Role.SUPERVISOR)
    Notification.objects.bulk_create(
        Notification(user=boss, alert=n.alert) for n in Notification.objects.filter(user=agent)
    )
    html = _client(boss).get(NOTIFICATIONS).content.decode()
    assert "2 notificaciones" in html
    assert moved["gone"].radicado in html
    assert _badge(html) == "2"


def test_team_filter_offers_an_agent_only_their_teams(agent, team_a, moved):
    TeamFactory(name="Equipo Ajeno")
    response = _client(agent).get(NOTIFICATIONS)
    offered = [team.name for team in response.context["filter_form"].fields["team"].queryset]
    assert offered == ["Equipo A"]
    # Naming another team is an error next to the field, not a list of its PQRs.
    other = _client(agent).get(NOTIFICATIONS, {"team": moved["elsewhere"].pk})
    assert "Escoja una opción válida" in other.content.decode()


def test_filters_keep_their_values_and_count_what_they_show(agent, team_a, moved):
    radicado = moved["kept"].radicado
    params = {"kind": "warning", "team": team_a.pk, "radicado": radicado[-4:], "unread": "on"}
    html = _client(agent).get(NOTIFICATIONS, params).content.decode()
    assert "1 notificación" in html
    assert re.search(r'<option value="warning" selected>', html)
    assert re.search(rf'<option value="{team_a.pk}" selected>', html)
    assert f'value="{radicado[-4:]}"' in html
    assert re.search(r'<input[^>]*name="unread"[^>]*checked', html)
    none = _client(agent).get(NOTIFICATIONS, {"kind": "anger"}).content.decode()
    assert "0 notificaciones" in none
    assert "Ninguna notificación coincide con los filtros." in none


def test_badge_stops_counting_at_ninety_nine_plus(agent, team_a):
    pqr = make_pqr(team=team_a, assigned_to=agent)
    alerts = Alert.objects.bulk_create(
        Alert(pqr=pqr, kind=AlertKind.WARNING, threshold=str(i)) for i in range(101)
    )
    Notification.objects.bulk_create(Notification(user=agent, alert=a) for a in alerts)
    html = _client(agent).get(NOTIFICATIONS).content.decode()
    assert _badge(html) == "99+"
    assert "101 notificaciones" in html  # the list itself counts them all
    Notification.objects.filter(pk__in=[n.pk for n in Notification.objects.all()[:2]]).update(
        read_at=timezone.now()
    )
    assert _badge(_client(agent).get(NOTIFICATIONS).content.decode()) == "99"
