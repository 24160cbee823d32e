"""New PQR page: registering the customer in the same form (no second tab)."""

from django.urls import reverse

from customers.models import ConsentRecord, Customer
from pqr.models import Pqr, PqrType

from .factories import CustomerFactory


def _payload(team, **overrides) -> dict:
    data = {
        "new_customer": "on",
        "nc-person_type": "natural",
        "nc-document_type": "CC",
        "nc-document_number": "1.020.304.050",
        "nc-full_name": "Rosa Elena Cárdenas",
        "nc-email": "rosa.cardenas@correo.test",
        "nc-phone": "3104445566",
        "nc-city": "Pereira",
        "nc-preferred_channel": "phone",
        "nc-consent_given": "on",
        "nc-consent_channel": "phone",
        "channel": "telefono",
        "pqr_type": PqrType.objects.get(code="reclamo").pk,
        "priority": "normal",
        "received_at": "2026-11-20T10:15",
        "subject": "Medidor cambiado sin aviso",
        "description": "Cambiaron el medidor y la factura subió al doble.",
        "verbal_constancia": "Pidió revisión del medidor; se le explicó el procedimiento.",
        "team": team.pk,
    }
    data.update(overrides)
    return data


def test_new_customer_is_created_with_phone_consent_and_linked(agent_client, agent, team_a):
    response = agent_client.post(reverse("pqr:create"), _payload(team_a), follow=True)
    customer = Customer.objects.get(document_number="1020304050")
    pqr = Pqr.objects.get()
    assert pqr.customer == customer
    assert customer.full_name == "Rosa Elena Cárdenas"
    consent = ConsentRecord.objects.get(customer=customer)
    assert consent.channel == "phone"
    assert consent.recorded_by == agent
    assert pqr.radicado in response.content.decode()


def test_consent_recorded_in_person_when_agent_says_so(agent_client, team_a):
    agent_client.post(
        reverse("pqr:create"),
        _payload(team_a, channel="presencial", **{"nc-consent_channel": "in_person"}),
    )
    assert ConsentRecord.objects.get().channel == "in_person"


def test_web_consent_is_not_offered_to_agents(agent_client, team_a):
    response = agent_client.post(
        reverse("pqr:create"), _payload(team_a, **{"nc-consent_channel": "web"})
    )
    assert response.status_code == 200
    assert not Customer.objects.exists()
    assert not Pqr.objects.exists()


def test_bad_document_keeps_every_value_and_creates_nothing(agent_client, team_a):
    response = agent_client.post(
        reverse("pqr:create"), _payload(team_a, **{"nc-document_number": "12AB45"})
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "solo admite números" in body
    assert not Customer.objects.exists()
    assert not Pqr.objects.exists()
    for typed in ("Rosa Elena Cárdenas", "12AB45", "Medidor cambiado sin aviso", "3104445566"):
        assert typed in body


def test_missing_consent_is_refused(agent_client, team_a):
    payload = _payload(team_a)
    del payload["nc-consent_given"]
    response = agent_client.post(reverse("pqr:create"), payload)
    assert response.status_code == 200
    assert not Customer.objects.exists()
    assert not Pqr.objects.exists()


def test_same_document_points_to_existing_profile(agent_client, team_a):
    existing = CustomerFactory(document_type="CC", document_number="1020304050")
    response = agent_client.post(reverse("pqr:create"), _payload(team_a))
    body = response.content.decode()
    assert "Ya existe un cliente con este documento" in body
    assert f'data-customer-id="{existing.pk}"' in body
    assert Customer.objects.count() == 1
    assert not Pqr.objects.exists()


def test_same_email_needs_confirmation_then_creates(agent_client, team_a):
    CustomerFactory(email="rosa.cardenas@correo.test", document_number="99887766")
    response = agent_client.post(reverse("pqr:create"), _payload(team_a))
    assert "confirme que es otra persona" in response.content.decode()
    assert not Pqr.objects.exists()
    agent_client.post(reverse("pqr:create"), _payload(team_a, **{"nc-confirm_duplicates": "on"}))
    assert Pqr.objects.get().customer.document_number == "1020304050"


def test_pqr_error_rolls_back_nothing_created_and_customer_values_kept(agent_client, team_a):
    response = agent_client.post(reverse("pqr:create"), _payload(team_a, verbal_constancia=""))
    body = response.content.decode()
    assert "Registre la constancia" in body
    assert "Rosa Elena Cárdenas" in body
    assert not Customer.objects.exists()


def test_anonymous_and_new_customer_together_are_refused(agent_client, team_a):
    response = agent_client.post(reverse("pqr:create"), _payload(team_a, anonymous="on"))
    assert "Elija una sola opción" in response.content.decode()
    assert not Pqr.objects.exists()


def test_lookup_without_match_offers_inline_registration(agent_client):
    response = agent_client.post(reverse("pqr:customer_lookup"), {"cq": "70111222"})
    # The button is wired by static/js/pqr_create.js (no inline handler under the CSP).
    assert 'data-pqr-action="new-customer-from-query"' in response.content.decode()
