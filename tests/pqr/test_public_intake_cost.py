"""What one public filing costs the database (issue 18: ≤ 10 queries at 1M PQRs; it takes 7:
the type and the webhook endpoints come from the process's copy, checked against the
catalogue token read with the radicado)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pqr.models import CustomerEmail, Pqr

from .public_helpers import CREATE_URL

pytestmark = pytest.mark.django_db


def _anonymous(i: int, queja_id: int) -> dict:
    return {
        "pqr_type": queja_id,
        "subject": f"Cobro repetido {i}",
        "description": "Pagué dos veces el mismo domicilio en la aplicación.",
        "identification": "anonymous",
        "contact_email": f"cliente{i}@example.com",
        "consent": "on",
        "website": "",
    }


def test_an_anonymous_filing_takes_at_most_seven_queries_and_no_session(client):
    from pqr.models import PqrType

    queja = PqrType.objects.get(code="queja").pk
    # Warm the caches (rules, catalogue); the first filing on an empty database also
    # creates the default team, which replaces the catalogue token.
    client.post(CREATE_URL, _anonymous(0, queja))
    client.post(CREATE_URL, _anonymous(-1, queja))
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(CREATE_URL, _anonymous(1, queja))
    assert response.status_code == 302
    pqr = Pqr.objects.order_by("-pk").first()
    assert pqr.subject == "Cobro repetido 1"
    assert pqr.language == "es-co"
    assert pqr.contact_email == "cliente1@example.com"
    assert CustomerEmail.objects.filter(pqr=pqr, kind="acknowledgement").count() == 1
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) <= 7, "\n".join(sql)
    assert not any("django_session" in q for q in sql)
    # The success page still finds the filing (signed cookie, not the session).
    page = client.get(response["Location"]).content.decode()
    assert pqr.radicado in page


def test_a_term_changed_by_another_node_dates_the_next_filing(client):
    """The rules' version comes with the radicado: an edit made elsewhere (no signal,
    no cache cleared in this process, only the version bumped) is seen at once."""
    from django.db.models import F

    from pqr.models import PqrType
    from sla.models import LegalTerm, Organization

    queja = PqrType.objects.get(code="queja")
    client.post(CREATE_URL, _anonymous(0, queja.pk))
    before = Pqr.objects.order_by("-pk").first()
    term = LegalTerm.objects.get(pqr_type=queja)
    LegalTerm.objects.filter(pk=term.pk).update(days=term.days + 10)
    Organization.objects.filter(pk=1).update(calendar_version=F("calendar_version") + 1)
    client.post(CREATE_URL, _anonymous(1, queja.pk))
    after = Pqr.objects.order_by("-pk").first()
    assert after.pk != before.pk
    assert after.legal_due_at > before.legal_due_at


def test_a_type_withdrawn_on_another_node_is_refused_at_the_next_filing(client):
    """The form checks the type against this process's copy; the filing sees the new
    token and reads the type again: a withdrawn type files nothing."""
    from pqr.catalogue_version import catalogue_version_bump
    from pqr.models import PqrType

    queja = PqrType.objects.get(code="queja")
    assert client.post(CREATE_URL, _anonymous(0, queja.pk)).status_code == 302
    filed = Pqr.objects.count()
    PqrType.objects.filter(pk=queja.pk).update(is_active=False)  # no signal: another node
    catalogue_version_bump()
    response = client.post(CREATE_URL, _anonymous(1, queja.pk))
    assert response.status_code == 400
    assert Pqr.objects.count() == filed
    assert "Esa opción no está entre las disponibles" in response.content.decode()
    # Back in service: filed again (the copy was read anew under the new token).
    PqrType.objects.filter(pk=queja.pk).update(is_active=True)
    catalogue_version_bump()
    assert client.post(CREATE_URL, _anonymous(2, queja.pk)).status_code == 302
    assert Pqr.objects.order_by("-pk").first().subject == "Cobro repetido 2"


def test_a_webhook_registered_after_filings_started_gets_the_next_filing(
    client, django_capture_on_commit_callbacks
):
    """The endpoints are kept under the catalogue token too: registering, deactivating
    or retargeting one replaces it, so the next filing's outbox follows at once."""
    from api.models import WebhookDelivery, WebhookEndpoint
    from api.webhooks import secret_generate
    from pqr.models import PqrType, Team

    queja = PqrType.objects.get(code="queja").pk
    client.post(CREATE_URL, _anonymous(0, queja))  # keeps "no endpoints"
    assert not WebhookDelivery.objects.exists()
    endpoint = WebhookEndpoint.objects.create(
        name="CRM",
        url="https://crm.example.com/h",
        events=["pqr.created"],
        secret=secret_generate(),
    )
    client.post(CREATE_URL, _anonymous(1, queja))
    pqr = Pqr.objects.order_by("-pk").first()
    delivery = WebhookDelivery.objects.get()
    assert delivery.payload["pqr"]["radicado"] == pqr.radicado
    # Limited to a team the public form does not file into: no row for the next one.
    other = Team.objects.create(name="Solo cobranzas")
    endpoint.teams.add(other)
    client.post(CREATE_URL, _anonymous(2, queja))
    assert WebhookDelivery.objects.count() == 1
    endpoint.teams.clear()
    endpoint.is_active = False
    endpoint.save()
    client.post(CREATE_URL, _anonymous(3, queja))
    assert WebhookDelivery.objects.count() == 1


def test_the_form_page_reads_the_same_from_its_kept_fields_in_each_language(client):
    """The empty form's fields are rendered once per process and language: the page is
    the same the second time (but for the CSRF token), and English stays English."""
    import re

    def page(language: str) -> str:
        client.cookies["django_language"] = language
        html = client.get(CREATE_URL).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    first_es, first_en = page("es-co"), page("en")
    assert page("es-co") == first_es
    assert page("en") == first_en
    assert "Asunto" in first_es
    assert "Subject" in first_en
    assert "Subject" not in first_es
    # A form sent back with errors shows what was typed, not the kept empty fields.
    response = client.post(CREATE_URL, _anonymous(1, 10**6))
    assert response.status_code == 400
    assert "Cobro repetido 1" in response.content.decode()
