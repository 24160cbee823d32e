"""Causes and moments of truth against a hand-computed fixture (October 2026).

     type      team/agent  customer  moment  anger   resolved  cause          survey
p1   queja     A/ana       X         M1      4 -> 2  Oct 10    negligencia    2
p2   queja     A/ana       X         M1      3 -> 3  Oct 12    negligencia    4
p3   reclamo   B/beto      X         M2      2 -> 5  Oct 14    negligencia    1
p4   reclamo   A/ana       Y         M3      5 -> 1  Oct 15    olvido
p5   queja     B/beto      Y         M3              Oct 16    olvido
p6   queja     A/ana       Z         M3              Oct 17    indiferencia
p7   peticion  A/ana       Z                         Oct 18    tercero (not a complaint)
p8   queja     A/ana       Z (received Aug 10)       Sep 1     falla_proceso (outside)
p9   peticion  A/ana       Y (received Jun 1, outside the 90 days)
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from customers.models import CustomerTagAssignment, DifficultyTag
from customers.services import customer_tag_assign, customer_tag_remove
from dashboards.selectors_causes import (
    anger_change,
    causes_dashboard,
    moments_of_truth,
    pareto,
    repeat_complainants,
    tagged_customers,
)
from pqr.models import MomentOfTruth
from tests.customers.factories import CustomerFactory
from tests.dashboards.analytics_data import answer, new_pqr, period, resolve

pytestmark = pytest.mark.django_db

START, END = date(2026, 10, 1), date(2026, 10, 31)


@pytest.fixture
def world(team_a, team_b, agent, supervisor):
    beto = get_user_model().objects.get(username="agente.b")
    x = CustomerFactory(full_name="Ximena Ruiz")
    y = CustomerFactory(full_name="Yolanda Díaz")
    z = CustomerFactory(full_name="Zoila Gómez")
    m1, m2, m3 = MomentOfTruth.objects.order_by("order")[:3]
    oct_ = date(2026, 10, 2)

    def make(type_code, team, who, customer, moment=None, anger=None, received=oct_):
        return new_pqr(
            team=team,
            agent=who,
            received=received,
            type_code=type_code,
            customer=customer,
            moment=moment,
            anger=anger,
        )

    p1 = make("queja", team_a, agent, x, m1, 4)
    p2 = make("queja", team_a, agent, x, m1, 3)
    p3 = make("reclamo", team_b, beto, x, m2, 2)
    p4 = make("reclamo", team_a, agent, y, m3, 5)
    p5 = make("queja", team_b, beto, y, m3)
    p6 = make("queja", team_a, agent, z, m3)
    p7 = make("peticion", team_a, agent, z)
    p8 = make("queja", team_a, agent, z, received=date(2026, 8, 10))
    make("peticion", team_a, agent, y, received=date(2026, 6, 1))
    resolve(p1, on=date(2026, 10, 10), cause="negligencia", anger=2)
    resolve(p2, on=date(2026, 10, 12), cause="negligencia", anger=3)
    resolve(p3, on=date(2026, 10, 14), cause="negligencia", anger=5)
    resolve(p4, on=date(2026, 10, 15), cause="olvido", anger=1)
    resolve(p5, on=date(2026, 10, 16), cause="olvido")
    resolve(p6, on=date(2026, 10, 17), cause="indiferencia")
    resolve(p7, on=date(2026, 10, 18), cause="tercero")
    resolve(p8, on=date(2026, 9, 1), cause="falla_proceso")
    answer(p1, 2, date(2026, 10, 20))
    answer(p2, 4, date(2026, 10, 20))
    answer(p3, 1, date(2026, 10, 20))
    tags = list(DifficultyTag.objects.order_by("order")[:2])
    customer_tag_assign(customer=x, tag=tags[0], reason="Grita al teléfono", actor=supervisor)
    customer_tag_assign(customer=x, tag=tags[1], reason="Insiste a diario", actor=supervisor)
    customer_tag_assign(customer=y, tag=tags[0], reason="Amenaza", actor=supervisor)
    gone = customer_tag_assign(customer=z, tag=tags[1], reason="Tema viejo", actor=supervisor)
    customer_tag_remove(assignment=gone, reason="Ya no aplica", actor=supervisor)
    outsider = CustomerFactory(full_name="Sin PQR en el período")
    customer_tag_assign(customer=outsider, tag=tags[0], reason="Otro caso", actor=supervisor)
    return {"beto": beto, "x": x, "y": y, "z": z, "moments": (m1, m2, m3), "tags": tags}


def test_pareto_orders_causes_and_accumulates_shares(world, supervisor):
    rows = pareto(period(START, END, supervisor))
    assert [(r["name"], r["count"], r["share"], r["cumulative"]) for r in rows] == [
        ("Negligencia", 3, 50.0, 50.0),
        ("Olvido", 2, 33.3, 83.3),
        ("Indiferencia", 1, 16.7, 100.0),
    ]


def test_pareto_for_an_agent_counts_only_own_pqrs_and_breaks_ties_by_name(world, agent):
    rows = pareto(period(START, END, agent))
    assert [(r["name"], r["count"]) for r in rows] == [
        ("Negligencia", 2),
        ("Indiferencia", 1),
        ("Olvido", 1),
    ]


def test_team_and_type_filters_change_the_pareto(world, supervisor, team_b):
    from pqr.models import PqrType

    rows = pareto(period(START, END, supervisor, team=team_b))
    assert [(r["name"], r["count"]) for r in rows] == [("Negligencia", 1), ("Olvido", 1)]
    reclamos = pareto(period(START, END, supervisor, pqr_type=PqrType.objects.get(code="reclamo")))
    assert [(r["name"], r["count"]) for r in reclamos] == [("Negligencia", 1), ("Olvido", 1)]


def test_moments_count_pqrs_and_mean_satisfaction_and_mark_the_weakest(world, supervisor):
    data = moments_of_truth(period(START, END, supervisor))
    m1, m2, m3 = world["moments"]
    by_id = {m["id"]: m for m in data["moments"]}
    assert (by_id[m1.pk]["count"], by_id[m1.pk]["mean"]) == (2, 3.0)
    assert (by_id[m2.pk]["count"], by_id[m2.pk]["mean"]) == (1, 1.0)
    assert (by_id[m3.pk]["count"], by_id[m3.pk]["mean"]) == (3, None)
    assert data["total"] == 6
    assert data["weakest"]["id"] == m2.pk
    assert [m["id"] for m in data["moments"] if m["weakest"]] == [m2.pk]


def test_circle_positions_follow_the_catalogue_order_clockwise(world, supervisor):
    data = moments_of_truth(period(START, END, supervisor))
    circle, moments = data["circle"], data["moments"]
    assert len(moments) == MomentOfTruth.objects.filter(is_active=True).count() == 8
    first, second, third = moments[0], moments[1], moments[2]
    # The first moment sits at twelve o'clock, the next ones clockwise (x grows, then y).
    assert (first["x"], first["y"]) == (circle["cx"], circle["cy"] - circle["radius"])
    assert second["x"] > first["x"]
    assert second["y"] > first["y"]
    assert third["x"] > second["x"]
    assert third["y"] == pytest.approx(circle["cy"])
    assert first["size"] < moments[2]["size"]  # 2 PQRs vs 3 PQRs
    assert moments[3]["size"] == 16  # no PQRs: the smallest node


def test_weakest_falls_back_to_most_complaints_when_nothing_is_rated(world, supervisor):
    from surveys.models import SurveyResponse

    SurveyResponse.objects.all().delete()
    data = moments_of_truth(period(START, END, supervisor))
    assert data["weakest"]["id"] == world["moments"][2].pk  # M3: three quejas/reclamos


def test_anger_at_intake_versus_resolution(world, supervisor):
    data = anger_change(period(START, END, supervisor))
    assert (data["total"], data["calmer"], data["same"], data["angrier"]) == (4, 2, 1, 1)
    assert data["mean_intake"] == 3.5
    assert data["mean_resolution"] == 2.75
    assert data["calmer_share"] == 50.0
    levels = {row["level"]: (row["intake"], row["resolution"]) for row in data["levels"]}
    assert levels == {1: (0, 1), 2: (1, 1), 3: (1, 1), 4: (1, 0), 5: (1, 1), 6: (0, 0), 7: (0, 0)}


def test_repeat_complainants_have_three_pqrs_in_the_90_days_to_the_period_end(world, supervisor):
    rows = repeat_complainants(period(START, END, supervisor))
    assert [(r["name"], r["count"]) for r in rows] == [("Ximena Ruiz", 3), ("Zoila Gómez", 3)]
    # Agents count only their own PQRs: agente.b has one PQR of Ximena and one of Yolanda.
    mine = repeat_complainants(period(START, END, world["beto"]))
    assert mine == []


def test_tagged_customers_of_the_period_with_active_tags_only(world, supervisor):
    data = tagged_customers(period(START, END, supervisor))
    first, second = world["tags"]
    assert [(r["name"], r["customers"]) for r in data["by_tag"]] == [
        (first.name, 2),
        (second.name, 1),
    ]
    listed = [(r["name"], r["tags"]) for r in data["customers"]]
    assert listed == [
        ("Ximena Ruiz", ", ".join(sorted([first.name, second.name]))),
        ("Yolanda Díaz", first.name),
    ]
    assert CustomerTagAssignment.objects.filter(removed_at__isnull=False).count() == 1


def test_causes_page_draws_the_circle_and_links_profiles_without_pii(world, supervisor_client):
    page = supervisor_client.get(
        reverse("dashboards:causes"),
        {"preset": "custom", "start": "2026-10-01", "end": "2026-10-31"},
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="moment-node') == 8
    assert "moment-weakest" in body
    x = world["x"]
    assert reverse("customers:detail", args=[x.pk]) in body
    assert x.document_number not in body


def test_causes_page_for_an_agent_shows_personal_figures(world, agent_client):
    page = agent_client.get(
        reverse("dashboards:causes"),
        {"preset": "custom", "start": "2026-10-01", "end": "2026-10-31"},
    )
    assert page.status_code == 200
    assert [r["count"] for r in page.context["data"]["pareto"]] == [2, 1, 1]


def test_causes_dashboard_bundles_every_section(world, supervisor):
    data = causes_dashboard(period(START, END, supervisor))
    assert set(data) >= {"pareto", "moments", "anger", "repeat", "tags"}


def test_seeded_names_read_in_english(world, supervisor):
    from django.utils import translation

    with translation.override("en"):
        data = causes_dashboard(period(START, END, supervisor))
    assert data["pareto"][0]["name"] == "Negligence"
    assert data["moments"]["moments"][0]["name"] == "Visit to our premises"
    assert data["tags"]["by_tag"][0]["name"] == "Angry"
    assert "Angry" in data["tags"]["customers"][0]["tags"]


def test_every_causes_figure_opens_a_queue_of_that_size(world, supervisor_client):
    from .figures import assert_links_match, chart_figures, linked_figures

    body = supervisor_client.get(
        reverse("dashboards:causes"),
        {"preset": "custom", "start": "2026-10-01", "end": "2026-10-31"},
    ).content.decode()
    cells = linked_figures(body)
    bars = chart_figures(body)
    # 3 Pareto causes, 8 moments x (all, complaints), 1 customer who came back (X),
    # anger: calmer, same, angrier and of how many.
    assert len(cells) >= 3 + 16 + 1 + 4
    assert sorted(n for _h, m, n in bars if m.startswith("pareto")) == [1, 2, 3]
    # Each anger bar (level at intake, at resolution) opens its own PQRs.
    assert sum(n for _h, m, n in bars if m.startswith("anger")) == 2 * 4
    assert_links_match(supervisor_client, cells + bars)
