"""Filing through the API (the public form's rules, idempotent), the customer's status
lookup, answers, notes and status changes through the UI's services."""

import json
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from pqr.models import EventKind, Pqr, PqrEvent, Status
from tests.pqr.factories import make_pqr

from .conftest import key_for

LIST = "/api/v1/pqrs/"


def filing(**overrides) -> dict:
    body = {
        "type": "queja",
        "subject": "Me cobraron dos veces el domicilio",
        "description": "El 3 de marzo pagué el domicilio en la app y aparece dos veces.",
        "document_type": "CC",
        "document_number": "1.020.304.050",
        "full_name": "Camila Restrepo Vélez",
        "contact_email": "camila.restrepo@example.com",
        "consent": True,
        "channel": "chat",
    }
    body.update(overrides)
    return body


def post_json(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_filed_pqr_lands_in_the_keys_team_and_reads_back(client_a, team_a):
    response = post_json(client_a, LIST, filing())
    assert response.status_code == 201, response.content
    radicado = response.json()["radicado"]
    pqr = Pqr.objects.get(radicado=radicado)
    assert (pqr.team, pqr.channel, pqr.status) == (team_a, "chat", Status.RADICADO)
    assert pqr.customer.document_number == "1020304050"
    assert client_a.get(f"{LIST}{radicado}/").json()["subject"] == pqr.subject


@pytest.mark.django_db
def test_filing_without_consent_is_refused_with_the_forms_message(client_a):
    response = post_json(client_a, LIST, filing(consent=False, document_number=""))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "autorización" in errors["consent"]
    assert "document_number" in errors
    assert Pqr.objects.count() == 0


@pytest.mark.django_db
def test_field_errors_are_in_english_with_accept_language_en(client_a):
    response = post_json(client_a, LIST, filing(consent=False), **{"Accept-Language": "en"})
    assert response.status_code == 400
    body = response.json()
    errors = {e["field"]: e["message"] for e in body["errors"]}
    assert errors["consent"].startswith("To file, we need your permission")
    assert body["title"] == "The data sent is not valid."


@pytest.mark.django_db
def test_attachment_rules_of_the_public_form_apply(client_a):
    fake_pdf = SimpleUploadedFile("factura.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    data = {**filing(), "consent": "true", "attachments": [fake_pdf]}
    response = client_a.post(LIST, data)
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"attachments"}
    good = SimpleUploadedFile("nota.txt", b"Hola, adjunto la nota.", "text/plain")
    response = client_a.post(LIST, {**filing(), "consent": "true", "attachments": [good]})
    assert response.status_code == 201, response.content
    pqr = Pqr.objects.get(radicado=response.json()["radicado"])
    assert [a.filename for a in pqr.attachments.all()] == ["nota.txt"]


@pytest.mark.django_db
def test_retried_post_with_the_same_idempotency_key_files_once(client_a):
    first = post_json(client_a, LIST, filing(), **{"Idempotency-Key": "web-42"})
    again = post_json(client_a, LIST, filing(), **{"Idempotency-Key": "web-42"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Pqr.objects.count() == 1
    other = post_json(client_a, LIST, filing(), **{"Idempotency-Key": "web-43"})
    assert other.json()["radicado"] != first.json()["radicado"]
    assert Pqr.objects.count() == 2


@pytest.mark.django_db
def test_same_idempotency_key_with_another_body_is_refused(client_a):
    post_json(client_a, LIST, filing(), **{"Idempotency-Key": "k1"})
    response = post_json(client_a, LIST, filing(subject="Otro asunto"), **{"Idempotency-Key": "k1"})
    assert response.status_code == 422
    assert response.json()["type"].endswith("/idempotency-key-reused")
    assert Pqr.objects.count() == 1


@pytest.mark.django_db
def test_idempotency_keys_are_per_caller(api_admin, team_a, client_a):
    _key, other_raw = key_for(api_admin, team_a, scopes=("intake",), name="Chatbot")
    post_json(client_a, LIST, filing(), **{"Idempotency-Key": "same"})
    post_json(
        Client(headers={"X-API-Key": other_raw}), LIST, filing(), **{"Idempotency-Key": "same"}
    )
    assert Pqr.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_idempotency_key_file_once(api_admin, team_a):
    _key, raw = key_for(api_admin, team_a, scopes=("intake",))
    barrier, results = threading.Barrier(3), []

    def send():
        try:
            barrier.wait(timeout=10)
            client = Client(headers={"X-API-Key": raw})
            response = post_json(client, LIST, filing(), **{"Idempotency-Key": "race-1"})
            results.append((response.status_code, response.json()["radicado"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(results) == 3
    assert {code for code, _r in results} == {201}
    assert len({radicado for _c, radicado in results}) == 1
    assert Pqr.objects.count() == 1


@pytest.mark.django_db
def test_read_only_key_cannot_file(api_admin, team_a):
    _key, raw = key_for(api_admin, team_a, scopes=("read",))
    response = post_json(Client(headers={"X-API-Key": raw}), LIST, filing())
    assert response.status_code == 403
    assert Pqr.objects.count() == 0


@pytest.mark.django_db
def test_status_lookup_needs_the_radicado_and_the_filers_document(client_a):
    radicado = post_json(client_a, LIST, filing()).json()["radicado"]
    url = "/api/v1/status-lookup/"
    found = post_json(client_a, url, {"radicado": radicado.lower(), "identifier": "1020304050"})
    assert found.status_code == 200
    assert found.json()["status"] == "radicado"
    assert found.json()["answered"] is False
    wrong = post_json(client_a, url, {"radicado": radicado, "identifier": "999"})
    assert wrong.status_code == 404


@pytest.mark.django_db
def test_note_and_transition_go_through_the_services(key_a, client_a, team_a):
    pqr = make_pqr(team=team_a)
    note = post_json(
        client_a, f"{LIST}{pqr.radicado}/messages/", {"kind": "internal", "body": "Llamé al área"}
    )
    assert note.status_code == 201
    moved = post_json(client_a, f"{LIST}{pqr.radicado}/transitions/", {"to_status": "en_tramite"})
    assert moved.status_code == 200
    assert moved.json()["status"] == "en_tramite"
    event = PqrEvent.objects.filter(pqr=pqr, kind=EventKind.STATUS).get()
    assert event.actor == key_a[0].user  # the integration's own account
    refused = post_json(client_a, f"{LIST}{pqr.radicado}/transitions/", {"to_status": "cerrado"})
    assert refused.status_code == 422
    assert "No se puede pasar" in refused.json()["detail"]
    pqr.refresh_from_db()
    assert pqr.status == "en_tramite"


@pytest.mark.django_db
def test_writes_on_another_teams_pqr_are_404(client_a, team_b):
    pqr = make_pqr(team=team_b)
    for path, body in (
        ("messages", {"kind": "internal", "body": "x"}),
        ("transitions", {"to_status": "en_tramite"}),
    ):
        assert post_json(client_a, f"{LIST}{pqr.radicado}/{path}/", body).status_code == 404
    assert not PqrEvent.objects.filter(pqr=pqr, kind__in=["note", "status"]).exists()
