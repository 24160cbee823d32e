"""A PQR's mail and its public lookup follow the address captured when it was filed,
never a later edit of the profile (issue 11, finding 1: an agent of another team
changed a customer's email and then read team A's answer)."""

import pytest
from django.core import mail

from customers.services import customer_update
from pqr.models import MessageKind
from pqr.services import pqr_message_add

from .factories import CustomerFactory, make_pqr
from .public_helpers import LOOKUP_URL, STATUS_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(agent, team_a):
    customer = CustomerFactory(email="duena@correo.co", document_number="39444555")
    pqr = make_pqr(actor=agent, team=team_a, customer=customer)
    return pqr


def test_the_profile_email_at_filing_is_captured_on_the_pqr(filed):
    assert filed.contact_email == "duena@correo.co"


def test_public_lookup_refuses_the_profiles_new_email(client, filed, agent):
    customer_update(customer=filed.customer, actor=agent, email="intruso@correo.co")
    refused = client.post(
        LOOKUP_URL, {"radicado": filed.radicado, "identifier": "intruso@correo.co"}
    )
    assert refused.status_code == 400
    assert client.get(STATUS_URL).status_code == 302  # back to the lookup form
    allowed = client.post(LOOKUP_URL, {"radicado": filed.radicado, "identifier": "duena@correo.co"})
    assert allowed.status_code == 302
    assert allowed["Location"] == STATUS_URL


def test_answer_goes_to_the_address_captured_on_the_pqr(
    filed, agent, django_capture_on_commit_callbacks
):
    customer_update(customer=filed.customer, actor=agent, email="intruso@correo.co")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        pqr_message_add(
            pqr=filed, actor=agent, kind=MessageKind.PUBLIC_ANSWER, body="Le devolvemos el dinero."
        )
    assert [m.to for m in mail.outbox] == [["duena@correo.co"]]


def test_an_email_typed_at_intake_wins_over_the_profiles(agent, team_a):
    customer = CustomerFactory(email="perfil@correo.co")
    pqr = make_pqr(actor=agent, team=team_a, customer=customer, contact_email="caso@correo.co")
    assert pqr.contact_email == "caso@correo.co"
