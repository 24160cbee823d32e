"""What one public filing costs the database (issue 18: ≤ 10 queries at 1M PQRs; it takes 9)."""

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


def test_an_anonymous_filing_takes_at_most_nine_queries_and_no_session(client):
    from pqr.models import PqrType

    queja = PqrType.objects.get(code="queja").pk
    client.post(CREATE_URL, _anonymous(0, queja))  # warm caches (rules, catalogue)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(CREATE_URL, _anonymous(1, queja))
    assert response.status_code == 302
    pqr = Pqr.objects.order_by("-pk").first()
    assert pqr.subject == "Cobro repetido 1"
    assert pqr.language == "es-co"
    assert pqr.contact_email == "cliente1@example.com"
    assert CustomerEmail.objects.filter(pqr=pqr, kind="acknowledgement").count() == 1
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) <= 9, "\n".join(sql)
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
