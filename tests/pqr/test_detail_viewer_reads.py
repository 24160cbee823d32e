"""The PQR page reads the viewer's roles and the bell's count in one statement
(pqr.selectors_detail.viewer_reads): the badge still counts what the notifications list
shows (only PQRs the viewer may see now, every one for a supervisor, "99+" past 99),
the role check still refuses a user without a staff role, and the recovery flag keeps
the surveys app's team scope (read in the same statement)."""

import pytest
from django.urls import reverse

from core.roles import Role
from pqr.models import Pqr
from sla.models import Alert, AlertKind, Notification
from surveys.models import SatisfactionSurvey, SurveySource
from surveys.services import survey_score_record
from tests.factories import UserFactory
from tests.pqr.factories import TeamFactory, make_pqr
from tests.sla.test_inbox_scope import _badge
from tests.sla.test_notifications_inbox import _client

pytestmark = pytest.mark.django_db


def _notify(user, pqr, n: int) -> None:
    alerts = Alert.objects.bulk_create(
        Alert(pqr=pqr, kind=AlertKind.WARNING, threshold=f"{pqr.pk}-{i}") for i in range(n)
    )
    Notification.objects.bulk_create(Notification(user=user, alert=a) for a in alerts)


def test_badge_on_the_pqr_page_counts_only_pqrs_the_agent_may_see(agent, team_a):
    kept = make_pqr(team=team_a, assigned_to=agent)
    gone = make_pqr(team=team_a, assigned_to=agent)
    _notify(agent, kept, 2)
    _notify(agent, gone, 3)
    Pqr.objects.filter(pk=gone.pk).update(team=TeamFactory(name="Equipo Sur"), assigned_to=None)
    html = _client(agent).get(reverse("pqr:detail", args=[kept.pk])).content.decode()
    assert _badge(html) == "2"


def test_badge_on_the_pqr_page_counts_every_pqr_for_a_supervisor(team_a):
    boss = UserFactory(username="jefa.campana", role=Role.SUPERVISOR)
    pqr = make_pqr(team=team_a)
    elsewhere = make_pqr(team=TeamFactory(name="Equipo Norte"))
    _notify(boss, pqr, 1)
    _notify(boss, elsewhere, 4)
    Notification.objects.filter(alert__pqr=pqr).update(read_at=pqr.created_at)  # read
    html = _client(boss).get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert _badge(html) == "4"


def test_badge_on_the_pqr_page_stops_at_ninety_nine_plus(agent, team_a):
    pqr = make_pqr(team=team_a, assigned_to=agent)
    _notify(agent, pqr, 101)
    html = _client(agent).get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert _badge(html) == "99+"


def test_a_user_without_a_staff_role_is_refused_the_pqr_page(team_a):
    pqr = make_pqr(team=team_a)
    nobody = UserFactory(username="sin.rol")
    assert _client(nobody).get(reverse("pqr:detail", args=[pqr.pk])).status_code == 403


def _low_rated(pqr):
    survey = SatisfactionSurvey.objects.create(
        source=SurveySource.PQR, pqr=pqr, customer=pqr.customer
    )
    survey_score_record(survey=survey, score=1)  # opens a recovery case


@pytest.mark.parametrize(("supervises", "flag"), [(False, False), (True, True)])
def test_recovery_flag_follows_the_teams_the_agent_is_in_or_supervises(
    agent, team_a, customer, supervises, flag
):
    """An agent sees a PQR assigned to them in another team, but its recovery case
    only if they supervise that team (surveys.selectors.teams_visible_to)."""
    other = TeamFactory(name="Equipo Oeste")
    if supervises:
        other.supervisors.add(agent)
    pqr = make_pqr(team=team_a, assigned_to=agent, customer=customer)
    _low_rated(pqr)
    Pqr.objects.filter(pk=pqr.pk).update(team=other)
    html = _client(agent).get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert ("bi-life-preserver" in html) is flag


def test_badge_on_the_queue_counts_what_the_notifications_list_shows(agent, team_a):
    """The queue reads the bell with the same rule (pqr.viewer_sql): a PQR moved out of
    the agent's scope no longer counts, and the count stops at 99+."""
    kept = make_pqr(team=team_a, assigned_to=agent)
    gone = make_pqr(team=team_a, assigned_to=agent)
    _notify(agent, kept, 2)
    _notify(agent, gone, 3)
    Pqr.objects.filter(pk=gone.pk).update(team=TeamFactory(name="Equipo Sur"), assigned_to=None)
    client = _client(agent)
    assert _badge(client.get(reverse("pqr:queue")).content.decode()) == "2"
    _notify(agent, make_pqr(team=team_a, assigned_to=agent), 100)
    assert _badge(client.get(reverse("pqr:queue")).content.decode()) == "99+"
