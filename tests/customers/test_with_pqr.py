"""Behaviour that involves the PQR app's rows, reached only through foreign keys."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from customers.selectors import customer_list, customer_tag_history
from customers.services import customer_anonymise, customer_merge, customer_tag_assign

from .factories import CustomerFactory


@pytest.fixture(autouse=True)
def _agent_works_in_the_service_team(agent):
    """The profile only offers PQRs the agent may open: those of their team."""
    from pqr.models import Team

    team, _ = Team.objects.get_or_create(name="Servicio al cliente")
    team.members.add(agent)


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


def _tag_form_options(html: str) -> str:
    start = html.index('name="pqr"')
    return html[start : html.index("</select>", start)]


def test_tag_form_offers_only_this_customers_pqrs(agent_client, customer):
    own = make_pqr(customer)
    someone_elses = make_pqr(CustomerFactory())
    html = agent_client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    options = _tag_form_options(html)
    assert own.radicado in options
    assert someone_elses.radicado not in options


def test_agent_tags_with_the_pqr_from_the_profile(agent_client, customer, tag_enojado):
    pqr = make_pqr(customer)
    agent_client.post(
        reverse("customers:tag_assign", args=[customer.pk]),
        {"tag": tag_enojado.pk, "reason": "Gritó al teléfono", "pqr": pqr.pk},
    )
    [assignment] = customer_tag_history(customer=customer)
    assert assignment.pqr == pqr


def test_tag_with_another_customers_pqr_is_refused(agent_client, customer, tag_enojado):
    foreign = make_pqr(CustomerFactory())
    response = agent_client.post(
        reverse("customers:tag_assign", args=[customer.pk]),
        {"tag": tag_enojado.pk, "reason": "Gritó", "pqr": foreign.pk},
        follow=True,
    )
    assert customer_tag_history(customer=customer) == []
    assert "Elija una PQR de este cliente" in response.content.decode()


def test_tag_without_pqr_is_still_accepted(agent_client, customer, tag_enojado):
    make_pqr(customer)
    agent_client.post(
        reverse("customers:tag_assign", args=[customer.pk]),
        {"tag": tag_enojado.pk, "reason": "Insultó", "pqr": ""},
    )
    [assignment] = customer_tag_history(customer=customer)
    assert assignment.pqr is None


def test_anonymise_erases_what_the_customer_wrote_on_pqrs_but_keeps_statistics(
    customer, administrator
):
    from pqr.models import Pqr, PqrMessage

    pqr = make_pqr(customer, status="cerrado")
    Pqr.objects.filter(pk=pqr.pk).update(
        contact_email="maria.ramirez@example.co", verbal_constancia="Vive en la calle 10 # 4-20"
    )
    PqrMessage.objects.create(pqr=pqr, kind="public", body="Señora María, le respondemos...")
    before = Pqr.objects.filter(pk=pqr.pk).values("pqr_type", "received_at", "status", "team")[0]

    customer_anonymise(customer=customer, actor=administrator)

    pqr.refresh_from_db()
    assert pqr.contact_email == ""
    for text in (pqr.description, pqr.subject, pqr.verbal_constancia):
        assert "dos veces" not in text
        assert "calle 10" not in text
        assert "suprimir sus datos" in text
    assert "María" not in PqrMessage.objects.get(pqr=pqr).body
    after = Pqr.objects.filter(pk=pqr.pk).values("pqr_type", "received_at", "status", "team")[0]
    assert after == before
    assert customer.pqrs.count() == 1


def test_anonymise_erases_survey_comments_and_keeps_scores(customer, administrator):
    from django.apps import apps
    from django.db.models import Avg

    SatisfactionSurvey = apps.get_model("surveys", "SatisfactionSurvey")
    SurveyResponse = apps.get_model("surveys", "SurveyResponse")
    RecoveryCase = apps.get_model("surveys", "RecoveryCase")
    for score, comment in ((1, "Soy María, llámenme al 3001234567"), (5, "Muy amable")):
        survey = SatisfactionSurvey.objects.create(source="general", customer=customer)
        SurveyResponse.objects.create(
            survey=survey, score=score, comment=comment, answered_at=timezone.now()
        )
    RecoveryCase.objects.create(
        survey=survey, customer=customer, score=1, comment="Soy María", action="Llamé a María"
    )

    customer_anonymise(customer=customer, actor=administrator)

    responses = SurveyResponse.objects.filter(survey__customer=customer)
    assert responses.count() == 2
    assert responses.aggregate(avg=Avg("score"))["avg"] == 3
    assert set(responses.values_list("comment", flat=True)) == {""}
    case = RecoveryCase.objects.get(customer=customer)
    assert (case.score, case.comment) == (1, "")
    assert "María" not in case.action


@pytest.mark.parametrize("count", [3, 40])
def test_supervisor_list_queries_stay_constant_as_customers_grow(
    supervisor_client, supervisor, tag_enojado, django_assert_max_num_queries, count
):
    for i in range(count):
        customer = CustomerFactory(city="Cali")
        customer_tag_assign(customer=customer, tag=tag_enojado, reason=f"r{i}", actor=supervisor)
        make_pqr(customer)
    filters = {"tag": tag_enojado.pk, "city": "cali", "open_pqrs": "si", "at_risk": ""}
    with django_assert_max_num_queries(8):
        html = supervisor_client.get(reverse("customers:list"), filters).content.decode()
    assert len(re.findall(r'href="/clientes/\d+/"', html)) == min(count, 25)
    # 5 for the rows, +2 for the audit row of the export and its row count.
    with django_assert_max_num_queries(7):
        response = supervisor_client.get(reverse("customers:list"), {**filters, "formato": "csv"})
        body = b"".join(response.streaming_content).decode()
    assert body.count("\n") == count + 1
