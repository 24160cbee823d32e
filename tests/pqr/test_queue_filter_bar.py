"""The queue's filter bar, kept rendered per process (issue 18): the bar of a queue
opened without filters is the one rendered fresh, and every edit of what it lists (a
catalogue row, a team, a role, a staff user) shows on the next page."""

from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import Role
from pqr.models import MomentOfTruth, PqrType, RootCause
from tests.factories import UserFactory

from .factories import TeamFactory, make_pqr

pytestmark = pytest.mark.django_db

QUEUE = reverse("pqr:queue")
# The module (pqr.views exports the view function under the same name).
queue_view = import_module("pqr.views.queue")


def _bar(client, url=QUEUE, **headers) -> str:
    html = client.get(url, **headers).content.decode()
    start = html.index('<form method="get"')
    return html[start : html.index("</form>", start) + len("</form>")]


@pytest.fixture
def teammate(team_a):
    user = UserFactory(username="companera", first_name="Marta", last_name="Quiroga", role="Agente")
    team_a.members.add(user)
    return user


def test_the_kept_bar_is_the_bar_the_page_renders_with_an_empty_filter(
    agent_client, agent, team_a, teammate
):
    make_pqr(actor=agent, team=team_a)
    queue_view._FILTER_BARS.clear()
    kept = _bar(agent_client)
    assert len(queue_view._FILTER_BARS) == 1
    assert _bar(agent_client) == kept
    assert len(queue_view._FILTER_BARS) == 1
    # "?q=" filters by nothing but is not cached: the template renders the form itself.
    assert _bar(agent_client, f"{QUEUE}?q=") == kept
    assert _bar(agent_client, f"{QUEUE}?page=2") == kept
    assert "Marta Quiroga</option>" in kept


def test_the_kept_bar_saves_the_staff_list_query(
    agent_client, agent, team_a, django_assert_max_num_queries
):
    for _ in range(27):
        make_pqr(actor=agent, team=team_a)
    agent_client.get(QUEUE)
    # Session, user, the page's statement, the page and the count.
    with django_assert_max_num_queries(5):
        html = agent_client.get(QUEUE).content.decode()
    assert html.count("data-queue-row") == 25
    assert 'name="assignee"' in html


def test_a_new_type_moment_cause_or_team_shows_on_the_next_page(agent_client, team_a):
    before = _bar(agent_client)
    PqrType.objects.create(code="consulta-x", name="Consulta tarifaria", order=99)
    MomentOfTruth.objects.create(name="Entrega a domicilio", order=99)
    RootCause.objects.create(code="bascula", name="Báscula descalibrada")
    TeamFactory(name="Equipo Nocturno")
    after = _bar(agent_client)
    for name in ("Consulta tarifaria", "Entrega a domicilio", "Báscula descalibrada"):
        assert f"{name}</option>" not in before
        assert f"{name}</option>" in after
    assert "Equipo Nocturno</option>" in after


def test_a_catalogue_row_changed_without_signals_shows_too(agent_client):
    _bar(agent_client)
    MomentOfTruth.objects.filter(pk=MomentOfTruth.objects.first().pk).update(name="Caja rápida")
    assert "Caja rápida</option>" in _bar(agent_client)


def test_team_changes_show_in_assigned_to(agent_client, team_a, teammate):
    assert "Marta Quiroga</option>" in _bar(agent_client)
    team_a.members.remove(teammate)
    assert "Marta Quiroga</option>" not in _bar(agent_client)
    newcomer = UserFactory(username="nuevo", first_name="Iván", last_name="Rúa", role="Agente")
    team_a.members.add(newcomer)
    assert "Iván Rúa</option>" in _bar(agent_client)


def test_a_role_taken_away_or_a_renamed_agent_shows(agent_client, teammate):
    _bar(agent_client)
    teammate.first_name = "María"
    teammate.save()
    assert "María Quiroga</option>" in _bar(agent_client)
    teammate.groups.remove(Group.objects.get(name=Role.AGENT))
    assert "María Quiroga</option>" not in _bar(agent_client)


def test_each_language_has_its_own_bar(agent_client, team_a):
    spanish = _bar(agent_client)
    english = _bar(agent_client, HTTP_ACCEPT_LANGUAGE="en")
    assert "Solo con alerta de ira" in spanish
    assert "Only with anger alert" in english
    assert "Solo con alerta de ira" not in english
    assert _bar(agent_client) == spanish


def test_each_viewer_sees_their_own_staff_list(agent_client, supervisor_client, team_a, team_b):
    agent_bar = _bar(agent_client)
    supervisor_bar = _bar(supervisor_client)
    other = f"{team_b.members.get().get_full_name()}</option>"
    assert other not in agent_bar
    assert other in supervisor_bar
    assert _bar(agent_client) == agent_bar
