"""Issue 11, finding 11 (first slice): markup a customer types on the public form is
shown escaped, never raw, on every page that shows it and in the acknowledgement email.
Adding |safe to any of these fields in a template makes this test fail."""

import pytest
from django.core import mail
from django.urls import reverse

from pqr.models import Pqr
from tests.pqr.public_helpers import CREATE_URL, LOOKUP_URL, STATUS_URL, form_data, relay

pytestmark = pytest.mark.django_db

FIELDS = ["subject", "description", "full_name"]


def _markup(field: str) -> str:
    return f"<script>alert('{field}')</script><b>x-{field}</b>"


def _escaped(field: str) -> str:
    return f"&lt;script&gt;alert(&#x27;{field}&#x27;)&lt;/script&gt;&lt;b&gt;x-{field}&lt;/b&gt;"


def _assert_escaped(html: str, fields: list[str], page: str) -> None:
    for field in fields:
        assert _markup(field) not in html, f"raw markup of {field} on {page}"
        assert f"<b>x-{field}</b>" not in html, f"raw markup of {field} on {page}"
        assert _escaped(field) in html, f"{field} missing (escaped) on {page}"


def test_public_form_markup_is_escaped_on_staff_public_pages_and_email(
    client, admin_client_role, django_capture_on_commit_callbacks
):
    data = form_data(**{field: _markup(field) for field in FIELDS})
    data["description"] = _markup("description") + " El 3 de marzo pagué dos veces."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE_URL, data)
    pqr = Pqr.objects.get()
    detail = admin_client_role.get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    _assert_escaped(detail, FIELDS, "staff PQR detail")
    profile = reverse("customers:detail", args=[pqr.customer_id])
    _assert_escaped(admin_client_role.get(profile).content.decode(), ["full_name"], "customer")
    queue = admin_client_role.get(reverse("pqr:queue")).content.decode()
    _assert_escaped(queue, ["subject"], "queue")
    client.post(LOOKUP_URL, {"radicado": pqr.radicado, "identifier": data["contact_email"]})
    _assert_escaped(client.get(STATUS_URL).content.decode(), ["subject"], "public status")
    relay()  # the acknowledgement leaves through the outbox relay
    assert mail.outbox
    for message in mail.outbox:
        for body, kind in message.alternatives or []:
            if kind == "text/html":
                assert "<script>alert(" not in body
