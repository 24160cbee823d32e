"""Behaviour that involves the PQR app's rows, reached only through foreign keys."""

import pytest
from django.urls import reverse
from django.utils import timezone

from customers.selectors import customer_list, customer_tag_history
from customers.services import customer_anonymise, customer_merge, customer_tag_assign

from .factories import CustomerFactory


def make_pqr(customer, status="radicado", n=[0]):  # noqa: B006 - a counter on purpose
    from pqr.models import Pqr, PqrType, Team

    n[0] += 1
    pqr_type, _ = PqrType.objects.get_or_create(code="queja", defaults={"name": "Queja"})
    team, _ = Team.objects.get_or_create(name="Servicio al cliente")
    return Pqr.objects.create(
        radicado=f"PQR-2026-{900000 + n[0]}",
        pqr_type=pqr_type,
        channel="telefono",
        customer=customer,
        subject="Cobro doble",
        description="Me cobraron dos veces la factura de octubre.",
        received_at=timezone.now(),
        team=team,
        status=status,
    )


def test_tag_records_the_pqr_where_the_behaviour_happened(customer, tag_enojado, agent):
    pqr = make_pqr(customer)
    customer_tag_assign(customer=customer, tag=tag_enojado, reason="Gritó", actor=agent, pqr=pqr)
    [assignment] = customer_tag_history(customer=customer)
    assert assignment.pqr == pqr


def test_profile_history_shows_the_radicado_of_the_tag(agent_client, customer, tag_enojado, agent):
    pqr = make_pqr(customer)
    customer_tag_assign(customer=customer, tag=tag_enojado, reason="Gritó", actor=agent, pqr=pqr)
    html = agent_client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert pqr.radicado in html


def test_merge_moves_the_duplicates_pqrs(supervisor):
    survivor, duplicate = CustomerFactory(), CustomerFactory()
    pqrs = [make_pqr(duplicate), make_pqr(duplicate)]
    customer_merge(survivor=survivor, duplicate=duplicate, actor=supervisor)
    assert {p.pk for p in survivor.pqrs.all()} == {p.pk for p in pqrs}
    assert not duplicate.pqrs.exists()


def test_anonymise_keeps_the_customers_pqr_count(customer, administrator):
    make_pqr(customer)
    make_pqr(customer, status="cerrado")
    customer_anonymise(customer=customer, actor=administrator)
    assert customer.pqrs.count() == 2


@pytest.mark.parametrize(("flag", "expected"), [(True, "Con abierta"), (False, "Solo cerrada")])
def test_list_filters_customers_with_open_pqrs(db, flag, expected):
    open_one = CustomerFactory(full_name="Con abierta")
    closed_one = CustomerFactory(full_name="Solo cerrada")
    make_pqr(open_one)
    make_pqr(closed_one, status="cerrado")
    names = set(customer_list(has_open_pqrs=flag).values_list("full_name", flat=True))
    assert expected in names
    assert ({"Con abierta", "Solo cerrada"} - {expected}).isdisjoint(names)


def test_customer_with_three_recent_complaints_is_at_risk(db):
    frequent = CustomerFactory(full_name="Reclama Mucho")
    calm = CustomerFactory(full_name="Reclama Poco")
    for _ in range(3):
        make_pqr(frequent)
    make_pqr(calm)
    names = set(customer_list(at_risk=True).values_list("full_name", flat=True))
    assert names == {"Reclama Mucho"}


def test_customer_who_rated_one_is_at_risk(db):
    from django.apps import apps

    unhappy = CustomerFactory(full_name="Calificó Uno")
    CustomerFactory(full_name="Calificó Cinco")
    survey = apps.get_model("surveys", "SatisfactionSurvey").objects.create(
        source="general", customer=unhappy
    )
    apps.get_model("surveys", "SurveyResponse").objects.create(
        survey=survey, score=1, answered_at=timezone.now()
    )
    names = set(customer_list(at_risk=True).values_list("full_name", flat=True))
    assert names == {"Calificó Uno"}


def test_supervisor_list_page_filters_at_risk(supervisor_client):
    frequent = CustomerFactory(full_name="Reclama Mucho")
    CustomerFactory(full_name="Reclama Poco")
    for _ in range(3):
        make_pqr(frequent)
    html = supervisor_client.get(reverse("customers:list"), {"at_risk": "on"}).content.decode()
    assert "Reclama Mucho" in html
    assert "Reclama Poco" not in html
