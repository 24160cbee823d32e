import io

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from core.roles import Role
from surveys.models import SatisfactionSurvey, SurveySource
from surveys.services import survey_score_record
from tests.factories import UserFactory
from tests.surveys.conftest import make_pqr

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rated(team, customer):
    pqr = make_pqr(team=team, customer=customer)
    survey = SatisfactionSurvey.objects.create(source=SurveySource.PQR, pqr=pqr, customer=customer)
    survey_score_record(survey=survey, score=1)
    return pqr


def _flag(user, **context) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("surveys/_recovery_flag.html", context, request=request)


def test_recovery_flag_shows_on_the_pqr_and_the_customer_profile(low_rated, team, supervisor):
    assert "Recuperación" in _flag(supervisor, pqr=low_rated)
    assert "Recuperación" in _flag(supervisor, customer=low_rated.customer)
    other = make_pqr(team=team)
    assert "Recuperación" not in _flag(supervisor, pqr=other)


def test_agent_of_another_team_does_not_see_the_flag(low_rated):
    outsider = UserFactory(role=Role.AGENT)
    assert "Recuperación" not in _flag(outsider, customer=low_rated.customer)


def test_survey_appears_on_the_pqr_timeline(low_rated):
    from surveys.timeline import survey_entries_for_pqr

    (entry,) = survey_entries_for_pqr(low_rated)
    assert entry.kind == "survey"
    assert "1 de 5" in entry.title
    assert entry.url.startswith("/encuestas/recuperacion/")


def test_demo_seed_adds_general_answers_once():
    from surveys import demo

    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    general = SatisfactionSurvey.objects.filter(source=SurveySource.GENERAL)
    assert general.count() == demo.GENERAL_VISITS
    # Spread over the demo's 18 months, never in the future.
    first, last = general.order_by("sent_at").values_list("sent_at", flat=True)[
        :: general.count() - 1
    ]
    assert (last - first).days > 400
    assert last <= timezone.now()


def _low_rated_pqr(team, customer):
    pqr = make_pqr(team=team, customer=customer)
    survey = SatisfactionSurvey.objects.create(source=SurveySource.PQR, pqr=pqr, customer=customer)
    survey_score_record(survey=survey, score=2)
    return pqr


def test_pqr_detail_page_shows_the_recovery_flag(low_rated, team, agent_client):
    from django.urls import reverse

    html = agent_client.get(reverse("pqr:detail", args=[low_rated.pk])).content.decode()
    assert "bi-life-preserver" in html
    calm = make_pqr(team=team, customer=low_rated.customer)
    html = agent_client.get(reverse("pqr:detail", args=[calm.pk])).content.decode()
    assert "bi-life-preserver" not in html


def test_closed_recovery_case_drops_the_flag(low_rated, agent_client, team_supervisor):
    from django.urls import reverse

    from surveys.services import recovery_case_update

    case = low_rated.satisfaction_surveys.get().recovery_case
    recovery_case_update(
        case=case, actor=team_supervisor, action="Llamada", outcome="recovered", close=True
    )
    html = agent_client.get(reverse("pqr:detail", args=[low_rated.pk])).content.decode()
    assert "bi-life-preserver" not in html


@pytest.mark.parametrize("count", [1, 6])
def test_customer_profile_shows_the_flag_with_constant_queries(
    count, team, customer, agent_client, django_assert_max_num_queries
):
    from django.urls import reverse

    for _ in range(count):
        _low_rated_pqr(team, customer)
    # 19: as tests/customers/test_views.py, the profile's scope check reads team ids.
    with django_assert_max_num_queries(19):
        html = agent_client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert "bi-life-preserver" in html
    assert f"({count})" in html if count > 1 else "(1)" not in html
