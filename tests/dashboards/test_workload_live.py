"""The workload page follows a reassignment at once (its rows are rewritten in the
reassignment's transaction), lists agents with nothing open, and moves many PQRs at
once through the assignment service, each with its event."""

import re

import pytest
from django.urls import reverse

from pqr.models import EventKind, PqrEvent
from pqr.services import pqr_assign
from tests.factories import UserFactory
from tests.pqr.factories import make_pqr

from .figures import assert_links_match, linked_figures

pytestmark = pytest.mark.django_db


def _agent_totals(body: str) -> dict[str, int]:
    table = body.split('id="workload-agents"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<th scope="row" class="fw-normal">([^<]+)</th>\s*'
        r'<td[^>]*><a [^>]*data-cell="total">(\d+)',
        table,
    )
    return {name.strip(): int(n) for name, n in rows}


def test_reassigning_on_the_pqr_page_shows_on_the_workload_at_once(office, supervisor_client):
    before = _agent_totals(supervisor_client.get(reverse("dashboards:workload")).content.decode())
    assert before["Beto Gil"] == 2
    newcomer = UserFactory(username="nuevo.b", role="Agente", first_name="Nora", last_name="Paz")
    office.team_b.members.add(newcomer)
    # No rollup refresh runs here (the test's transaction never commits).
    pqr_assign(pqr=office.pqrs["p3"], actor=office.agent, assigned_to=newcomer)
    after = _agent_totals(supervisor_client.get(reverse("dashboards:workload")).content.decode())
    assert after["Beto Gil"] == 1
    assert after["Nora Paz"] == 1


def test_agents_with_nothing_open_are_listed_with_zero(office, supervisor_client):
    body = supervisor_client.get(reverse("dashboards:workload")).content.decode()
    totals = _agent_totals(body)
    assert totals["Ana Ruiz"] == 0  # agent2: her only PQR is resolved
    assert_links_match(supervisor_client, linked_figures(body))


@pytest.fixture
def backlog(office):
    """25 more open PQRs of Beto (team B), and a teammate to take them."""
    pqrs = [make_pqr(actor=office.agent, team=office.team_b) for _ in range(25)]
    for pqr in pqrs:
        pqr_assign(pqr=pqr, actor=office.agent, assigned_to=office.agent_b)
    helper = UserFactory(username="apoyo.b", role="Agente", first_name="Iris", last_name="Mora")
    office.team_b.members.add(helper)
    return office, helper


def _bulk(client, **data):
    return client.post(reverse("dashboards:reassign_bulk"), data, follow=True)


def test_bulk_moves_every_matching_pqr_beyond_the_fifteen_oldest(backlog, supervisor_client):
    office, helper = backlog
    response = _bulk(
        supervisor_client,
        source=office.agent_b.pk,
        assigned_to=helper.pk,
        scope="all",
        return_query=f"team={office.team_b.pk}",
    )
    body = response.content.decode()
    assert "27 PQR reasignadas a Iris Mora." in body  # p3, p4 and the 25
    totals = _agent_totals(body)
    assert totals["Iris Mora"] == 27
    assert totals["Beto Gil"] == 0
    moved = PqrEvent.objects.filter(
        kind=EventKind.ASSIGNED, field="assigned_to", new_value="Iris Mora"
    )
    assert moved.count() == 27


def test_bulk_moves_the_n_oldest(backlog, supervisor_client):
    office, helper = backlog
    body = _bulk(
        supervisor_client,
        source=office.agent_b.pk,
        assigned_to=helper.pk,
        scope="oldest",
        count=20,
    ).content.decode()
    assert "20 PQR reasignadas a Iris Mora." in body
    oldest = office.pqrs["p3"]  # received 8 days ago: among the oldest of Beto's
    oldest.refresh_from_db()
    assert oldest.assigned_to == helper
    assert _agent_totals(body)["Beto Gil"] == 7


def test_bulk_to_someone_outside_the_team_moves_nothing(backlog, supervisor_client):
    office, _helper = backlog
    body = _bulk(
        supervisor_client, source=office.agent_b.pk, assigned_to=office.agent2.pk, scope="all"
    ).content.decode()
    assert "son de equipos a los que Ana Ruiz no pertenece" in body
    assert not PqrEvent.objects.filter(new_value="Ana Ruiz").exists()


def test_bulk_oldest_without_a_number_says_so(backlog, supervisor_client):
    office, helper = backlog
    body = _bulk(
        supervisor_client, source=office.agent_b.pk, assigned_to=helper.pk, scope="oldest"
    ).content.decode()
    assert "Indique cuántas PQR mover" in body


def test_agents_cannot_bulk_reassign(backlog, agent_client):
    office, helper = backlog
    response = agent_client.post(
        reverse("dashboards:reassign_bulk"),
        {"source": office.agent_b.pk, "assigned_to": helper.pk, "scope": "all"},
    )
    assert response.status_code == 403
    assert not PqrEvent.objects.filter(new_value="Iris Mora").exists()
