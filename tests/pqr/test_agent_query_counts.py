"""The pages this work touched keep a constant number of queries as data grows."""

import pytest
from django.urls import reverse

from pqr.services import StepEntry, protocol_checklist_save
from tests.customers.factories import CustomerFactory

from .factories import make_pqr

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [2, 12])
def test_queue_with_asignarme_buttons_keeps_its_queries(
    agent_client, agent, team_a, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        make_pqr(actor=agent, team=team_a, customer=CustomerFactory())
    # Same budget as tests/pqr/test_views.py: the row button costs no query.
    with django_assert_max_num_queries(6):
        html = agent_client.get(reverse("pqr:queue")).content.decode()
    assert html.count('/asignarme/"') == rows


@pytest.mark.parametrize("steps", [0, 6])
def test_pqr_page_with_the_checklist_keeps_its_queries(
    agent_client, agent, reclamo, django_assert_max_num_queries, steps
):
    entries = [
        StepEntry(step=n, not_applicable=False, note=f"Paso {n} hecho con el cliente")
        for n in range(1, steps + 1)
        if n != 4
    ]
    if steps:
        entries.append(
            StepEntry(step=4, not_applicable=False, note="Se devuelve", compensation_kind="none")
        )
        protocol_checklist_save(pqr=reclamo, actor=agent, entries=entries)
    # 15: the PQR page's budget (tests/pqr/test_detail_queries.py, issue 18); the
    # first page of a process also reads the forms' catalogues.
    agent_client.get(reverse("pqr:detail", args=[reclamo.pk]))
    with django_assert_max_num_queries(15):
        response = agent_client.get(reverse("pqr:detail", args=[reclamo.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("open_pqrs", [1, 8])
def test_intake_customer_summary_keeps_its_queries(
    agent_client, agent, team_a, django_assert_max_num_queries, open_pqrs
):
    customer = CustomerFactory(document_number="41234567")
    for _ in range(open_pqrs):
        make_pqr(actor=agent, team=team_a, customer=customer)
    # 10: session and user, the scope, the customer, the tags, the open PQRs, the
    # calendar once for every due badge, and a count only past the five shown.
    with django_assert_max_num_queries(10):
        html = agent_client.post(
            reverse("pqr:customer_summary"), {"customer_id": customer.pk, "cq": "41234567"}
        ).content.decode()
    assert f"Tiene {open_pqrs} PQR abierta" in html
