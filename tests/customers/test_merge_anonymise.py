import pytest
from django.apps import apps

from customers.models import ConsentRecord, Customer, CustomerAudit, CustomerTagAssignment
from customers.selectors import customer_active_tags, customer_search
from customers.services import (
    consent_record,
    customer_anonymise,
    customer_merge,
    customer_tag_assign,
)
from tests.factories import unrestricted_user

from .factories import CustomerFactory


@pytest.fixture
def pair(db):
    survivor = CustomerFactory(full_name="Carlos Andrés Rojas", email="", phone="")
    duplicate = CustomerFactory(
        full_name="Carlos A. Rojas", email="carlos.rojas@example.co", phone="3157778899"
    )
    return survivor, duplicate


def _survey_for(customer):
    # A model from another app: merge must move it without importing surveys.
    model = apps.get_model("surveys", "SatisfactionSurvey")
    return model.objects.create(source="general", customer=customer)


def test_merge_moves_rows_of_other_apps_to_the_survivor(pair, supervisor):
    survivor, duplicate = pair
    survey = _survey_for(duplicate)
    customer_merge(survivor=survivor, duplicate=duplicate, actor=supervisor)
    survey.refresh_from_db()
    assert survey.customer_id == survivor.pk


def test_merge_moves_consents_and_tags(pair, supervisor, tag_enojado):
    survivor, duplicate = pair
    consent_record(
        customer=duplicate,
        channel="web",
        actor=supervisor,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    customer_tag_assign(customer=duplicate, tag=tag_enojado, reason="gritó", actor=supervisor)
    customer_merge(survivor=survivor, duplicate=duplicate, actor=supervisor)
    assert ConsentRecord.objects.filter(customer=survivor).count() == 2  # one per purpose
    assert [a.tag for a in customer_active_tags(customer=survivor)] == [tag_enojado]


def test_merge_with_same_tag_on_both_keeps_one_active_and_the_history(
    pair, supervisor, tag_enojado
):
    survivor, duplicate = pair
    customer_tag_assign(customer=survivor, tag=tag_enojado, reason="uno", actor=supervisor)
    customer_tag_assign(customer=duplicate, tag=tag_enojado, reason="dos", actor=supervisor)
    customer_merge(survivor=survivor, duplicate=duplicate, actor=supervisor)
    assert len(customer_active_tags(customer=survivor)) == 1
    reasons = set(
        CustomerTagAssignment.objects.filter(customer=survivor).values_list("reason", flat=True)
    )
    assert reasons == {"uno", "dos"}


def test_merge_fills_missing_contact_and_retires_duplicate(pair, supervisor):
    survivor, duplicate = pair
    customer_merge(survivor=survivor, duplicate=duplicate, actor=supervisor)
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert survivor.email == "carlos.rojas@example.co"
    assert not duplicate.is_active
    assert list(customer_search(user=unrestricted_user(), query="3157778899")) == [survivor]


def test_merge_is_audited_with_who_and_which(pair, supervisor):
    survivor, duplicate = pair
    customer_merge(survivor=survivor, duplicate=duplicate, actor=supervisor)
    audit = CustomerAudit.objects.get(action="merge")
    assert audit.actor == supervisor
    assert audit.customer == survivor
    assert audit.other_customer_id == duplicate.pk
    assert audit.details["duplicate"]["document_number"] == duplicate.document_number


def test_anonymise_removes_personal_data(customer, administrator, tag_enojado):
    customer_tag_assign(
        customer=customer, tag=tag_enojado, reason="Dijo groserías", actor=administrator
    )
    customer_anonymise(customer=customer, actor=administrator)
    customer.refresh_from_db()
    assert "Ramírez" not in customer.full_name
    assert customer.document_number != "52123456"
    assert customer.email == customer.phone == customer.address == ""
    assert not CustomerTagAssignment.objects.filter(reason="Dijo groserías").exists()
    assert list(customer_search(user=unrestricted_user(), query="Ramirez")) == []


def test_anonymise_keeps_the_row_and_related_counts(customer, administrator):
    _survey_for(customer)
    _survey_for(customer)
    customer_anonymise(customer=customer, actor=administrator)
    assert Customer.objects.filter(pk=customer.pk).exists()
    assert customer.satisfaction_surveys.count() == 2


def test_anonymise_is_audited_and_cannot_run_twice(customer, administrator):
    from django.core.exceptions import ValidationError

    customer_anonymise(customer=customer, actor=administrator)
    assert CustomerAudit.objects.get(action="anonymise").actor == administrator
    with pytest.raises(ValidationError):
        customer_anonymise(customer=customer, actor=administrator)
