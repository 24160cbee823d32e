"""Workload page: age buckets in business days, per agent and team, and reassigning."""

from datetime import datetime, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards.filters import DashboardFilters
from dashboards.periods import business_days_back
from dashboards.rollups import rollups_refresh
from dashboards.selectors_workload import workload
from pqr.models import EventKind, Pqr, PqrEvent, Status
from sla.selectors import calendar_get

from .fixtures import add_noise


def _age(office, ages: dict[str, int]) -> None:
    """Give open PQRs a filing date exactly `n` business days before today."""
    cal, today = calendar_get(), timezone.localdate()
    for key, n in ages.items():
        day = business_days_back(cal, today, n)
        assert cal.business_days_between(day, today) == n
        received = timezone.make_aware(datetime.combine(day, time(9)))
        Pqr.objects.filter(pk=office.pqrs[key].pk).update(filed_on=day, received_at=received)
    rollups_refresh(now=office.now)


@pytest.fixture
def aged(office):
    _age(office, {"p3": 3, "p4": 8, "p6": 12, "p7": 20})
    return office


def _workload(office, **kwargs):
    today = timezone.localdate()
    filters = DashboardFilters(start=today, end=today, **kwargs)
    return workload(filters=filters, cal=calendar_get())


def _buckets(row):
    return (row["total"], row["age_0_5"], row["age_6_10"], row["age_11_15"], row["age_over_15"])


def test_totals_per_agent_and_per_team(aged):
    data = _workload(aged)
    assert _buckets(data.totals) == (4, 1, 1, 1, 1)
    agents = {row["label"]: _buckets(row) for row in data.by_agent}
    assert agents == {
        "Beto Gil": (2, 1, 1, 0, 0),
        aged.agent.get_full_name(): (1, 0, 0, 1, 0),
        "Sin asignar": (1, 0, 0, 0, 1),
        "Ana Ruiz": (0, 0, 0, 0, 0),  # nothing open: listed, at the end
    }
    assert data.by_agent[-1]["label"] == "Ana Ruiz"
    teams = {row["team__name"]: _buckets(row) for row in data.by_team}
    assert teams == {"Equipo A": (1, 0, 0, 1, 0), "Equipo B": (3, 1, 1, 0, 1)}


def test_bucket_edges_five_and_six_business_days(office):
    _age(office, {"p3": 5, "p4": 6, "p6": 10, "p7": 11})
    assert _buckets(_workload(office).totals) == (4, 1, 2, 1, 0)
    _age(office, {"p7": 15, "p6": 16})
    assert _buckets(_workload(office).totals) == (4, 1, 1, 1, 1)


def test_oldest_first_with_business_day_age(aged):
    oldest = _workload(aged).oldest
    assert [(p.radicado, p.age_business_days) for p in oldest] == [
        (aged.pqrs["p7"].radicado, 20),
        (aged.pqrs["p6"].radicado, 12),
        (aged.pqrs["p4"].radicado, 8),
        (aged.pqrs["p3"].radicado, 3),
    ]
    assert {u.username for u in oldest[0].candidates} == {"agente.b"}


def test_type_filter_narrows_the_load(aged, supervisor_client):
    from pqr.models import PqrType

    queja = PqrType.objects.get(code="queja")
    html = supervisor_client.get(
        reverse("dashboards:workload"), {"preset": "today", "pqr_type": queja.pk}
    ).content.decode()
    assert 'data-metric="open">1<' in html
    assert 'data-metric="age-11-15">1<' in html
    assert aged.pqrs["p3"].radicado not in html


def test_agent_sees_only_own_load_and_no_reassign_menu(aged, agent_client):
    html = agent_client.get(reverse("dashboards:workload")).content.decode()
    assert 'data-metric="open">1<' in html
    assert aged.pqrs["p6"].radicado in html
    assert aged.pqrs["p7"].radicado not in html
    assert reverse("dashboards:reassign") not in html


def test_supervisor_reassigns_from_the_page(aged, supervisor, supervisor_client):
    p7 = aged.pqrs["p7"]
    page = supervisor_client.get(reverse("dashboards:workload"))
    assert f'id="reassign-{p7.pk}"' in page.content.decode()
    response = supervisor_client.post(
        reverse("dashboards:reassign"),
        {"pqr": p7.pk, "assigned_to": aged.agent_b.pk, "return_query": "preset=month"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:workload") + "?preset=month"
    p7.refresh_from_db()
    assert p7.assigned_to == aged.agent_b
    assert PqrEvent.objects.filter(pqr=p7, kind=EventKind.ASSIGNED, actor=supervisor).exists()


def test_reassign_to_someone_outside_the_team_is_refused(aged, supervisor_client):
    p7 = aged.pqrs["p7"]
    response = supervisor_client.post(
        reverse("dashboards:reassign"), {"pqr": p7.pk, "assigned_to": aged.agent2.pk}, follow=True
    )
    assert "no pertenece al equipo" in response.content.decode()
    p7.refresh_from_db()
    assert p7.assigned_to is None


def test_closed_pqr_cannot_be_reassigned(office, supervisor_client):
    p1 = office.pqrs["p1"]
    response = supervisor_client.post(
        reverse("dashboards:reassign"), {"pqr": p1.pk, "assigned_to": office.agent2.pk}, follow=True
    )
    assert "ya no está abierta" in response.content.decode()
    assert Pqr.objects.get(pk=p1.pk).status == Status.RESUELTO


def test_agent_cannot_reassign(aged, agent_client):
    p7 = aged.pqrs["p7"]
    response = agent_client.post(
        reverse("dashboards:reassign"), {"pqr": p7.pk, "assigned_to": aged.agent.pk}
    )
    assert response.status_code == 403
    assert Pqr.objects.get(pk=p7.pk).assigned_to is None


def test_reassign_needs_post(supervisor_client):
    assert supervisor_client.get(reverse("dashboards:reassign")).status_code == 405


def test_page_query_count_does_not_grow_with_data(aged, supervisor_client):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert supervisor_client.get(reverse("dashboards:workload")).status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request of a fresh cache refreshes the rollups
    small = count()
    add_noise(aged, 30)
    rollups_refresh()
    assert count() == small
    assert small <= 14
