"""The queue's query budget (issue 18: at most 10 queries at 1,000,000 PQRs).

A full first page (25 rows and more behind it, so the result count runs) costs 6
queries for an agent and for a supervisor: session, user, one statement for the rest
of what the page reads (the viewer's roles, team ids and unread notifications, the
calendar version, the filter bar's four catalogues; `queue_page_reads`), the "assigned
to" staff, the page and the count. The budgets below are those counts, so a query
added to the page fails here."""

import pytest
from django.urls import reverse

from pqr.models import MomentOfTruth, Pqr, PqrType, RootCause
from sla.models import Alert, AlertKind, Notification
from sla.services import alert_raise
from tests.customers.factories import CustomerFactory

from .factories import make_pqr

pytestmark = pytest.mark.django_db

ROWS = 27  # one page of 25 and two more: the count query runs


@pytest.fixture
def full_queue(agent, team_a, team_b):
    pqrs = [
        make_pqr(
            actor=agent,
            team=team_a,
            customer=CustomerFactory(),
            assigned_to=agent if i % 3 == 0 else None,
            anger_level=6 if i % 4 == 0 else None,
        )
        for i in range(ROWS)
    ]
    hidden = make_pqr(actor=agent, team=team_b, subject="Fuera del equipo del agente")
    return pqrs, hidden


def _rows(html: str) -> int:
    return html.count("data-queue-row")


def test_agent_full_first_page_costs_6_queries(
    agent_client, full_queue, django_assert_max_num_queries
):
    _pqrs, hidden = full_queue
    with django_assert_max_num_queries(6):
        html = agent_client.get(reverse("pqr:queue")).content.decode()
    assert _rows(html) == 25
    assert f"{ROWS} PQR cumplen los filtros" in html
    assert hidden.radicado not in html  # the scope still comes from the agent's teams
    assert 'name="pqr_type"' in html
    assert "Reclamo</option>" in html  # the catalogues' options
    assert "Equipo A</option>" in html
    assert "Asignarme" in html


def test_supervisor_full_first_page_costs_6_queries(
    supervisor_client, full_queue, django_assert_max_num_queries
):
    _pqrs, _hidden = full_queue
    with django_assert_max_num_queries(6):
        html = supervisor_client.get(reverse("pqr:queue")).content.decode()
    assert _rows(html) == 25
    assert f"{ROWS + 1} PQR cumplen los filtros" in html
    assert "Equipo B" in html


def test_filtered_queue_costs_no_more_queries(
    agent, agent_client, team_a, full_queue, django_assert_max_num_queries
):
    reclamo = PqrType.objects.get(code="reclamo")
    moment = MomentOfTruth.objects.first()
    cause = RootCause.objects.first()
    params = {
        "status": "all",
        "pqr_type": reclamo.pk,
        "team": team_a.pk,
        "q": "cobro",
        "assignee": agent.pk,
        "moment": moment.pk,
        "cause": cause.pk,
        "received_from": "2020-01-01",
        "page": 2,
    }
    with django_assert_max_num_queries(6):
        response = agent_client.get(reverse("pqr:queue"), params)
    html = response.content.decode()
    assert "0 PQR cumplen los filtros" in html
    # The chosen options stay selected (the form was valid, the filters applied).
    assert f'<option value="{reclamo.pk}" selected>' in html
    assert f'<option value="{team_a.pk}" selected>' in html
    assert f'<option value="{moment.pk}" selected>' in html


def test_unknown_catalogue_id_is_a_form_error_not_a_filter(agent_client, full_queue):
    html = agent_client.get(reverse("pqr:queue"), {"pqr_type": 999999}).content.decode()
    assert "invalid-feedback" in html
    assert _rows(html) == 25  # the whole queue, as before


def test_bell_shows_the_unread_count_read_with_the_viewer(
    agent, agent_client, full_queue, django_assert_max_num_queries
):
    pqrs, _hidden = full_queue
    for pqr in pqrs[:3]:
        alert_raise(pqr=pqr, kind=AlertKind.WARNING, threshold="t")
    Notification.objects.bulk_create(Notification(user=agent, alert=a) for a in Alert.objects.all())
    Notification.objects.filter(pk=Notification.objects.first().pk).update(
        read_at="2026-01-01T00:00Z"
    )
    unread = Notification.objects.filter(user=agent, read_at__isnull=True).count()
    assert unread >= 2
    with django_assert_max_num_queries(6):
        html = agent_client.get(reverse("pqr:queue")).content.decode()
    assert f'<span class="badge rounded-pill text-bg-danger ms-1">{unread}</span>' in html


def test_past_a_thousand_the_count_says_more_than_1000_within_the_budget(
    supervisor_client, full_queue, django_assert_max_num_queries
):
    pqrs, _hidden = full_queue
    model = pqrs[0]
    clones = []
    for n in range(1000):
        clone = Pqr.objects.get(pk=model.pk)
        clone.pk = None
        clone.radicado = f"PQR-2019-{n + 1:06d}"
        clones.append(clone)
    Pqr.objects.bulk_create(clones)
    with django_assert_max_num_queries(6):
        html = supervisor_client.get(reverse("pqr:queue")).content.decode()
    assert "Más de 1.000 PQR cumplen los filtros" in html
    assert _rows(html) == 25
    english = supervisor_client.get(
        reverse("pqr:queue"), headers={"accept-language": "en"}
    ).content.decode()
    assert "More than 1,000 PQRs match the filters" in english


def test_exactly_the_cap_is_counted_not_more_than(supervisor_client, agent, team_a):
    model = make_pqr(actor=agent, team=team_a)
    clones = []
    for n in range(999):
        clone = Pqr.objects.get(pk=model.pk)
        clone.pk = None
        clone.radicado = f"PQR-2019-{n + 1:06d}"
        clones.append(clone)
    Pqr.objects.bulk_create(clones)
    html = supervisor_client.get(reverse("pqr:queue")).content.decode()
    assert "1000 PQR cumplen los filtros" in html
    assert "Más de" not in html.split('data-testid="result-count"')[1][:80]
