import pytest
from django.core.exceptions import ValidationError

from customers.models import ConsentRecord, CustomerTagAssignment
from customers.selectors import (
    customer_active_tags,
    customer_can_be_surveyed,
    customer_tag_history,
)
from customers.services import (
    consent_revoke,
    customer_create,
    customer_tag_assign,
    customer_tag_remove,
)


def test_create_records_verbal_consent_by_phone(agent):
    customer = customer_create(
        actor=agent,
        consent_channel="phone",
        document_type="CC",
        document_number="1020304050",
        full_name="Luis Pérez",
        email="luis@example.co",
    )
    consent = ConsentRecord.objects.get(customer=customer)
    assert consent.channel == "phone"
    assert consent.recorded_by == agent
    assert consent.policy_version


def test_customer_with_consent_and_email_can_be_surveyed(agent):
    customer = customer_create(
        actor=agent,
        consent_channel="web",
        consent_purposes=["atencion_pqr", "encuestas_satisfaccion"],
        document_type="CC",
        document_number="1020304050",
        full_name="Luis Pérez",
        email="luis@example.co",
    )
    assert customer_can_be_surveyed(customer=customer)


def test_consent_for_handling_only_does_not_allow_surveys(agent):
    customer = customer_create(
        actor=agent,
        consent_channel="phone",
        document_type="CC",
        document_number="1020304051",
        full_name="Marta Gil",
        email="marta@example.co",
    )
    assert customer.consents.get().purposes == "atencion_pqr"
    assert not customer_can_be_surveyed(customer=customer)


def test_revoked_consent_blocks_surveys(agent):
    customer = customer_create(
        actor=agent,
        consent_channel="web",
        document_type="CC",
        document_number="1020304050",
        full_name="Luis Pérez",
        email="luis@example.co",
    )
    consent_revoke(customer=customer, actor=agent)
    assert not customer_can_be_surveyed(customer=customer)


def test_customer_without_email_cannot_be_surveyed(agent):
    customer = customer_create(
        actor=agent,
        consent_channel="web",
        document_type="CC",
        document_number="1020304050",
        full_name="Luis Pérez",
    )
    assert not customer_can_be_surveyed(customer=customer)


def test_tag_assign_requires_a_reason(customer, tag_enojado, agent):
    with pytest.raises(ValidationError, match="por qué"):
        customer_tag_assign(customer=customer, tag=tag_enojado, reason="  ", actor=agent)
    assert not CustomerTagAssignment.objects.exists()


def test_tag_assign_shows_in_active_tags_with_guidance(customer, tag_enojado, agent):
    customer_tag_assign(
        customer=customer, tag=tag_enojado, reason="Gritó en la llamada", actor=agent
    )
    [active] = customer_active_tags(customer=customer)
    assert active.tag.name == "Enojado"
    assert active.tag.guidance
    assert active.reason == "Gritó en la llamada"
    assert active.assigned_by == agent


def test_same_tag_cannot_be_active_twice(customer, tag_enojado, agent):
    customer_tag_assign(customer=customer, tag=tag_enojado, reason="uno", actor=agent)
    with pytest.raises(ValidationError):
        customer_tag_assign(customer=customer, tag=tag_enojado, reason="dos", actor=agent)


def test_tag_remove_requires_reason_and_keeps_history(customer, tag_enojado, agent, supervisor):
    assignment = customer_tag_assign(
        customer=customer, tag=tag_enojado, reason="Gritó", actor=agent
    )
    with pytest.raises(ValidationError):
        customer_tag_remove(assignment=assignment, reason="", actor=supervisor)
    customer_tag_remove(
        assignment=assignment, reason="Se calmó en tres contactos", actor=supervisor
    )
    assert customer_active_tags(customer=customer) == []
    [history] = customer_tag_history(customer=customer)
    assert history.removed_by == supervisor
    assert history.removal_reason == "Se calmó en tres contactos"
    assert history.reason == "Gritó"


def test_tag_can_be_assigned_again_after_removal(customer, tag_enojado, agent):
    first = customer_tag_assign(customer=customer, tag=tag_enojado, reason="a", actor=agent)
    customer_tag_remove(assignment=first, reason="b", actor=agent)
    customer_tag_assign(customer=customer, tag=tag_enojado, reason="c", actor=agent)
    assert len(customer_tag_history(customer=customer)) == 2
