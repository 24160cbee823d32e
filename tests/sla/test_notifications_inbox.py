"""Who hears of an alert, and the bell's list: filters and mark-all-read."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from pqr.services import pqr_transition
from sla.calendar import BOGOTA
from sla.models import Alert, AlertKind, Notification
from sla.sending import alert_deliver
from sla.services import alert_raise
from sla.sweep import sweep_run
from tests.factories import UserFactory
from tests.pqr.factories import TeamFactory, make_pqr

from ._pages import queries_for_get

pytestmark = pytest.mark.django_db
NOTIFICATIONS = reverse("sla:notifications")
MARK_READ = reverse("sla:notifications_read")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _deliver_all() -> None:
    for alert_id in Alert.objects.filter(sent_at__isnull=True).values_list("pk", flat=True):
        alert_deliver(alert_id=alert_id)


@pytest.fixture
def boss(team_a):
    user = UserFactory(username="jefe.equipo", role=Role.SUPERVISOR)
    team_a.supervisors.add(user)
    return user


def test_agent_joining_a_team_sees_no_old_notifications(agent, team_a, boss):
    """Thirty unassigned PQRs of the team whose customers wrote, with the alerts still
    waiting to go out (SMTP was down), one of which the veteran worked on; then a new
    agent joins the team and the backlog, and the breaches of all thirty, go out."""
    old = datetime(2026, 3, 16, 10, tzinfo=BOGOTA)
    pqrs = [make_pqr(received_at=old, team=team_a) for _ in range(30)]
    pqr_transition(pqr=pqrs[0], to_status="en_tramite", actor=agent)
    for pqr in pqrs:
        alert_raise(pqr=pqr, kind=AlertKind.CUSTOMER_MESSAGE, threshold="m1")
    newcomer = UserFactory(username="agente.nuevo", role=Role.AGENT)
    team_a.members.add(newcomer)
    sweep_run(now=datetime(2026, 4, 10, 10, tzinfo=BOGOTA))
    _deliver_all()

    assert Alert.objects.filter(sent_at__isnull=True).count() == 0
    assert Notification.objects.filter(user=newcomer).count() == 0
    html = _client(newcomer).get(NOTIFICATIONS).content.decode()
    assert "No tiene notificaciones." in html
    # The veteran was on the team when the customers wrote; of the breaches they hear
    # only of the PQR they worked on.
    veteran = Notification.objects.filter(user=agent)
    assert veteran.filter(alert__kind="customer_message").count() == 30
    breaches = veteran.exclude(alert__kind="customer_message")
    assert breaches.exists()
    assert set(breaches.values_list("alert__pqr", flat=True)) == {pqrs[0].pk}
    assert Notification.objects.filter(user=boss, alert__kind="customer_message").count() == 30


def test_a_fresh_customer_message_on_an_unassigned_pqr_reaches_the_team(agent, team_a):
    pqr = make_pqr(team=team_a)
    alert_raise(pqr=pqr, kind=AlertKind.CUSTOMER_MESSAGE, threshold="m1")
    _deliver_all()
    assert Notification.objects.filter(user=agent, alert__pqr=pqr).exists()


def test_a_day_old_customer_message_backlog_is_not_pushed_onto_the_team(agent, team_a):
    pqr = make_pqr(team=team_a)
    alert_raise(pqr=pqr, kind=AlertKind.CUSTOMER_MESSAGE, threshold="m1")
    Alert.objects.filter(pqr=pqr).update(created_at=timezone.now() - timedelta(hours=25))
    _deliver_all()
    assert not Notification.objects.filter(user=agent, alert__pqr=pqr).exists()


def test_assigned_agent_hears_of_a_breach_on_their_pqr(agent, team_a):
    newcomer = UserFactory(username="agente.nuevo", role=Role.AGENT)
    team_a.members.add(newcomer)
    pqr = make_pqr(
        received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA),
        team=team_a,
        assigned_to=newcomer,
    )
    sweep_run(now=datetime(2026, 4, 10, 10, tzinfo=BOGOTA))
    kinds = set(Notification.objects.filter(user=newcomer).values_list("alert__kind", flat=True))
    assert AlertKind.RESOLUTION_BREACH in kinds
    assert not Notification.objects.filter(user=agent, alert__pqr=pqr).exists()


@pytest.fixture
def inbox(agent, team_a):
    """The agent's bell: two kinds, two teams, three PQRs."""
    team_b = TeamFactory(name="Equipo Norte")
    team_b.members.add(agent)
    billing = make_pqr(team=team_a, assigned_to=agent)
    north = make_pqr(team=team_b, assigned_to=agent)
    other = make_pqr(team=team_a, assigned_to=agent)
    alert_raise(pqr=billing, kind=AlertKind.WARNING, threshold="t")
    alert_raise(pqr=billing, kind=AlertKind.CUSTOMER_MESSAGE, threshold="m")
    alert_raise(pqr=north, kind=AlertKind.WARNING, threshold="t")
    alert_raise(pqr=other, kind=AlertKind.ANGER)
    _deliver_all()
    assert Notification.objects.filter(user=agent).count() == 4
    return {"billing": billing, "north": north, "other": other, "team_b": team_b}


def _shown(client, **params) -> list[tuple[str, str]]:
    page = client.get(NOTIFICATIONS, params).context["page"]
    return sorted((n.alert.pqr.radicado, n.alert.kind) for n in page)


def test_bell_filters_by_kind_team_and_pqr(agent_client, inbox):
    billing, north = inbox["billing"], inbox["north"]
    assert _shown(agent_client, kind="warning") == sorted(
        [(billing.radicado, "warning"), (north.radicado, "warning")]
    )
    assert _shown(agent_client, team=inbox["team_b"].pk) == [(north.radicado, "warning")]
    assert _shown(agent_client, radicado=billing.radicado) == sorted(
        [(billing.radicado, "warning"), (billing.radicado, "customer_message")]
    )
    html = agent_client.get(NOTIFICATIONS, {"kind": "anger"}).content.decode()
    assert "1 notificación" in html
    assert inbox["other"].radicado in html
    assert billing.radicado not in html


def test_bell_filter_with_an_unknown_team_says_so_and_keeps_the_other_filters(agent_client, inbox):
    response = agent_client.get(NOTIFICATIONS, {"team": "999999", "kind": "anger"})
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()
    assert len(response.context["page"]) == 1


def test_mark_all_read_only_marks_own(agent, agent_client, inbox, team_a):
    colleague = UserFactory(username="companera", role=Role.AGENT)
    Notification.objects.bulk_create(
        Notification(user=colleague, alert=alert) for alert in Alert.objects.all()
    )
    response = agent_client.post(MARK_READ)
    assert response.status_code == 302
    assert not Notification.objects.filter(user=agent, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=colleague, read_at__isnull=True).count() == 4
    # Naming someone else's notification marks nothing.
    theirs = Notification.objects.filter(user=colleague).first()
    agent_client.post(MARK_READ, {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_with_filters_marks_only_what_they_show(agent, agent_client, inbox):
    response = agent_client.post(MARK_READ, {"kind": "warning"})
    assert response.url == f"{NOTIFICATIONS}?kind=warning"
    unread = Notification.objects.filter(user=agent, read_at__isnull=True)
    assert sorted(unread.values_list("alert__kind", flat=True)) == ["anger", "customer_message"]


def test_mark_all_read_needs_post_and_csrf(agent, inbox):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    assert client.get(MARK_READ).status_code == 405
    assert client.post(MARK_READ).status_code == 403
    assert Notification.objects.filter(user=agent, read_at__isnull=True).count() == 4


def test_filtered_bell_queries_do_not_grow(agent, agent_client, inbox, team_a):
    few = queries_for_get(agent_client, f"{NOTIFICATIONS}?kind=warning&team={team_a.pk}")
    for _ in range(15):
        alert_raise(pqr=make_pqr(team=team_a, assigned_to=agent), kind=AlertKind.WARNING)
    _deliver_all()
    assert queries_for_get(agent_client, f"{NOTIFICATIONS}?kind=warning&team={team_a.pk}") == few
