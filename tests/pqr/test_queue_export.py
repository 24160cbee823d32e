"""The queue's filtered list downloads as CSV or XLSX: the same PQRs the page lists
(the user's scope only), written by the safe writer, each download audited."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from customers.models import CustomerAudit
from tests.factories import UserFactory
from tests.pqr.factories import CustomerFactory, TeamFactory, make_pqr

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_teams(agent):
    mine = TeamFactory(name="Facturación")
    other = TeamFactory(name="Redes")
    mine.members.add(agent)
    formula = CustomerFactory(full_name='=HYPERLINK("http://x")')
    make_pqr(actor=agent, team=mine, customer=formula, subject="Cobro doble")
    make_pqr(actor=agent, team=mine, subject="+57 llamada")
    make_pqr(actor=UserFactory(role="Supervisor"), team=other, subject="Fuera de mi equipo")
    return mine, other


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_agent_csv_holds_only_their_teams_pqrs_neutralised(agent_client, agent, two_teams):
    response = agent_client.get(reverse("pqr:queue_export", args=["csv"]), {"status": "open"})
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv_rows(response)
    assert rows[0][0] == "Radicado"
    subjects = sorted(row[-1] for row in rows[1:])
    assert subjects == ["'+57 llamada", "Cobro doble"]
    assert '\'=HYPERLINK("http://x")' in [row[-2] for row in rows[1:]]


def test_export_follows_the_filters_and_is_audited(supervisor_client, supervisor, two_teams):
    mine, _other = two_teams
    response = supervisor_client.get(
        reverse("pqr:queue_export", args=["xlsx"]), {"team": mine.pk, "q": "Cobro"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    assert values[1][-1] == "Cobro doble"
    audit = CustomerAudit.objects.get(action=CustomerAudit.Action.QUEUE_EXPORT)
    assert audit.actor == supervisor
    assert audit.details == {
        "format": "xlsx",
        "filters": {"team": mine.pk, "q": "Cobro"},
        "rows": 1,
    }


def test_queue_page_offers_the_download_of_what_it_lists(supervisor_client, two_teams):
    body = supervisor_client.get(reverse("pqr:queue"), {"q": "Cobro"}).content.decode()
    assert reverse("pqr:queue_export", args=["csv"]) + "?q=Cobro" in body
    assert not CustomerAudit.objects.filter(action=CustomerAudit.Action.QUEUE_EXPORT).exists()


def test_queue_page_query_count_does_not_grow_with_rows(
    supervisor_client, two_teams, django_assert_max_num_queries
):
    mine, _ = two_teams
    for _ in range(30):
        make_pqr(team=mine)
    # 6 (tests/pqr/test_queue_query_budget.py says which).
    with django_assert_max_num_queries(6):
        supervisor_client.get(
            reverse("pqr:queue"), {"status": "all", "received_from": "2020-01-01"}
        )
