"""Issue 11, finding 9: the Django admin cannot rewrite a PQR's legal facts or a
customer's survey scores; a changed value posted through its change form is ignored."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pqr.models import Pqr, PqrType
from tests.pqr.factories import make_pqr
from tests.surveys.factories import SurveyResponseFactory

pytestmark = pytest.mark.django_db

LEGAL_FACTS = [
    "received_at",
    "filed_on",
    "legal_due_at",
    "due_at",
    "resolved_within_due",
    "resolved_within_legal",
    "pqr_type",
    "verbal_constancia",
]


def _form_fields(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["adminform"].form.fields


def test_pqr_legal_facts_are_not_editable_in_the_admin(admin_client_role):
    pqr = make_pqr()
    url = reverse("admin:pqr_pqr_change", args=[pqr.pk])
    editable = _form_fields(admin_client_role, url)
    assert [name for name in LEGAL_FACTS if name in editable] == []


def test_posting_changed_legal_facts_through_the_admin_changes_nothing(admin_client_role):
    pqr = make_pqr()
    before = Pqr.objects.values(*LEGAL_FACTS).get(pk=pqr.pk)
    other_type = PqrType.objects.exclude(pk=pqr.pqr_type_id).first()
    later = timezone.localtime() + timedelta(days=90)
    admin_client_role.post(
        reverse("admin:pqr_pqr_change", args=[pqr.pk]),
        {
            "received_at_0": later.date().isoformat(),
            "received_at_1": "08:00:00",
            "filed_on": later.date().isoformat(),
            "legal_due_at_0": later.date().isoformat(),
            "legal_due_at_1": "08:00:00",
            "due_at_0": later.date().isoformat(),
            "due_at_1": "08:00:00",
            "resolved_within_legal": "2",
            "pqr_type": other_type.pk,
            "verbal_constancia": "reescrita por el administrador",
            "_save": "Guardar",
        },
    )
    assert Pqr.objects.values(*LEGAL_FACTS).get(pk=pqr.pk) == before


def test_survey_scores_are_not_editable_in_the_admin(admin_client_role):
    answer = SurveyResponseFactory(score=1, comment="pésimo")
    url = reverse("admin:surveys_surveyresponse_change", args=[answer.pk])
    assert "score" not in _form_fields(admin_client_role, url)
    admin_client_role.post(url, {"score": 5, "comment": "excelente", "_save": "Guardar"})
    answer.refresh_from_db()
    assert (answer.score, answer.comment) == (1, "pésimo")


def test_survey_status_and_dates_are_not_editable_in_the_admin(admin_client_role):
    survey = SurveyResponseFactory(score=2).survey
    url = reverse("admin:surveys_satisfactionsurvey_change", args=[survey.pk])
    assert {"status", "sent_at", "expires_at"}.isdisjoint(_form_fields(admin_client_role, url))
    status = survey.status
    admin_client_role.post(url, {"status": "expired", "_save": "Guardar"})
    survey.refresh_from_db()
    assert survey.status == status
