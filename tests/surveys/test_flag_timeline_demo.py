import io

import pytest
from django.template.loader import render_to_string

from surveys.models import SatisfactionSurvey, SurveySource
from surveys.services import survey_score_record
from tests.surveys.conftest import make_pqr

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rated(team, customer):
    pqr = make_pqr(team=team, customer=customer)
    survey = SatisfactionSurvey.objects.create(source=SurveySource.PQR, pqr=pqr, customer=customer)
    survey_score_record(survey=survey, score=1)
    return pqr


def test_recovery_flag_shows_on_the_pqr_and_the_customer_profile(low_rated, team):
    assert "Recuperación" in render_to_string("surveys/_recovery_flag.html", {"pqr": low_rated})
    assert "Recuperación" in render_to_string(
        "surveys/_recovery_flag.html", {"customer": low_rated.customer}
    )
    other = make_pqr(team=team)
    assert "Recuperación" not in render_to_string("surveys/_recovery_flag.html", {"pqr": other})


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
    assert SatisfactionSurvey.objects.filter(source=SurveySource.GENERAL).count() == 40
