"""Consent recorded again after a revocation, and the field-level history of edits."""

from django.urls import reverse

from customers.models import ConsentRecord, CustomerAudit
from customers.selectors import customer_can_be_surveyed
from customers.services import (
    consent_record,
    consent_revoke,
    customer_anonymise,
    customer_update,
)


def _profile(client, customer) -> str:
    return client.get(reverse("customers:detail", args=[customer.pk])).content.decode()


def _grant(client, customer, **data):
    payload = {"purpose": "encuestas_satisfaccion", "channel": "in_person", "confirm": "on", **data}
    return client.post(reverse("customers:consent_grant", args=[customer.pk]), payload)


def test_agent_records_consent_again_after_revocation(agent_client, agent, customer):
    consent_record(
        customer=customer,
        channel="web",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    consent_revoke(customer=customer, actor=agent)
    assert not customer_can_be_surveyed(customer=customer)

    _grant(agent_client, customer)

    newest = ConsentRecord.objects.filter(customer=customer).order_by("-given_at").first()
    assert (newest.channel, newest.recorded_by, newest.revoked_at) == ("in_person", agent, None)
    # Both purposes were revoked; the surveys one alone was granted again.
    assert ConsentRecord.objects.filter(customer=customer, revoked_at__isnull=False).count() == 2
    assert newest.purposes == "encuestas_satisfaccion"
    assert customer_can_be_surveyed(customer=customer)


def test_profile_shows_the_consent_history_with_both_records(agent_client, agent, customer):
    consent_record(
        customer=customer,
        channel="web",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    consent_revoke(customer=customer, actor=agent)
    _grant(agent_client, customer, channel="phone")
    html = _profile(agent_client, customer)
    start = html.index('data-testid="consent-history"')
    history = html[start : html.index("</ul>", start)]
    assert history.count("<li") == 3  # two purposes on the web, surveys again by phone
    assert "Formulario web" in history
    assert "Teléfono (verbal)" in history
    assert "revocada el" in history


def test_profile_offers_new_consent_only_when_there_is_none_live(agent_client, agent, customer):
    consent_record(
        customer=customer,
        channel="web",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    assert 'data-testid="consent-grant"' not in _profile(agent_client, customer)
    consent_revoke(customer=customer, actor=agent)
    assert 'data-testid="consent-grant"' in _profile(agent_client, customer)


def test_second_live_consent_is_refused(agent_client, agent, customer):
    consent_record(
        customer=customer,
        channel="web",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    response = _grant(agent_client, customer)
    assert ConsentRecord.objects.filter(customer=customer).count() == 2
    assert "ya tiene una autorización vigente" in _profile(agent_client, customer)
    assert response.status_code == 302


def test_consent_again_needs_the_confirmation(agent_client, agent, customer):
    consent_record(
        customer=customer,
        channel="web",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    consent_revoke(customer=customer, actor=agent)
    _grant(agent_client, customer, confirm="")
    assert not ConsentRecord.objects.filter(customer=customer, revoked_at__isnull=True).exists()


def test_anonymised_customer_cannot_consent_again(agent_client, administrator, customer):
    customer_anonymise(customer=customer, actor=administrator)
    _grant(agent_client, customer)
    assert not ConsentRecord.objects.filter(customer=customer, revoked_at__isnull=True).exists()


def test_edit_keeps_each_changed_field_with_old_and_new_value(agent, customer):
    old_email = customer.email
    customer_update(customer=customer, actor=agent, email="nuevo@example.co", city="Cali")
    audit = CustomerAudit.objects.get(customer=customer, action="edit")
    assert audit.actor == agent
    assert audit.details["changes"] == [
        {"field": "email", "old": old_email, "new": "nuevo@example.co"},
        {"field": "city", "old": "Bogotá", "new": "Cali"},
    ]


def test_edit_without_changes_writes_no_history(agent, customer):
    customer_update(customer=customer, actor=agent, email=customer.email, city=customer.city)
    assert not CustomerAudit.objects.filter(action="edit").exists()


def _edit_payload(customer, **overrides):
    payload = {
        "person_type": customer.person_type,
        "document_type": customer.document_type,
        "document_number": customer.document_number,
        "full_name": customer.full_name,
        "email": customer.email,
        "phone": customer.phone,
        "city": customer.city,
        "preferred_channel": customer.preferred_channel,
    }
    payload.update(overrides)
    return payload


def test_profile_timeline_shows_who_changed_which_field(agent_client, customer):
    agent_client.post(
        reverse("customers:edit", args=[customer.pk]),
        _edit_payload(customer, city="Medellín", preferred_channel="whatsapp"),
    )
    html = _profile(agent_client, customer)
    timeline = html[html.index('data-testid="timeline"') :]
    assert "Datos editados por agente.prueba" in timeline
    assert "Ciudad o municipio: Bogotá → Medellín" in timeline
    assert "Canal de contacto preferido: Correo electrónico → WhatsApp" in timeline


def test_anonymisation_empties_the_edit_history_values(agent, administrator, customer):
    customer_update(customer=customer, actor=agent, email="secreto@example.co")
    customer_anonymise(customer=customer, actor=administrator)
    audit = CustomerAudit.objects.get(customer=customer, action="edit")
    assert "secreto@example.co" not in str(audit.details)
