"""The habeas-data export holds everything stored about the holder (issue 11, finding 7):
every text column of every row linked to the customer carries a numbered marker, and
every marker must come out in the JSON file and on the readable page."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from customers.models import Customer, CustomerAudit

from .holder_scenario import fill_with_marker, holder_everywhere, linked_models

pytestmark = pytest.mark.django_db
__all__ = ["holder_everywhere"]  # the fixture, imported for pytest


@pytest.fixture
def filled(holder_everywhere, administrator):
    holder, duplicate, _pqr, _bystander = holder_everywhere
    markers = fill_with_marker(holder, linked_models())
    markers += fill_with_marker(duplicate, {Customer: "pk"})
    client = Client()
    client.force_login(administrator)
    return holder, markers, client


def _has(marker: str, text: str) -> bool:
    # QX7MARCA1 must not be found inside QX7MARCA12.
    return re.search(rf"{marker}(?!\d)", text) is not None


def _export(client, holder, fmt: str):
    return client.get(reverse("customers:export", args=[holder.pk, fmt]))


def test_json_export_carries_every_marker(filled):
    holder, markers, client = filled
    response = _export(client, holder, "json")
    assert response.status_code == 200
    text = response.content.decode()
    assert [m for m in markers if not _has(m, text)] == []
    data = json.loads(text)
    # Staff inbox rows (who was told of an alert) hold nothing about the holder beyond
    # the alert itself, which is exported.
    expected = {m._meta.label_lower for m in linked_models() if m is not Customer}
    expected -= {"sla.notification"}
    assert expected <= set(data)
    for key in ("pqr.pqrmessage", "pqr.pqrevent", "pqr.pqrattachment", "surveys.surveyresponse"):
        assert data[key], key
    assert data["perfiles_fusionados"]  # the duplicate merged into this profile


def test_readable_page_carries_every_marker_with_labels(filled):
    holder, markers, client = filled
    response = _export(client, holder, "html")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert [m for m in markers if not _has(m, html)] == []
    for label in ("Mensajes", "Eventos de PQR", "Adjuntos", "Respuestas de encuesta"):
        assert label in html, label
    assert "Imprimir o guardar en PDF" in html


def test_export_leaves_out_secrets_and_is_audited(filled):
    holder, _markers, client = filled
    data = json.loads(_export(client, holder, "json").content)
    assert data["surveys.satisfactionsurvey"]
    assert all("token_hash" not in row for row in data["surveys.satisfactionsurvey"])
    _export(client, holder, "html")
    formats = CustomerAudit.objects.filter(customer=holder, action="export").values_list(
        "details__format", flat=True
    )
    assert {"json", "html"} <= set(formats)
