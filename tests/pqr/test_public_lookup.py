"""Public status lookup: uniform errors, nothing internal, signed expiring downloads."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from pqr.attachments import fake_upload
from pqr.models import MessageKind, Pqr
from pqr.public import access as public_access
from pqr.services import pqr_message_add

from .factories import CustomerFactory, make_pqr
from .public_helpers import LOOKUP_URL, STATUS_URL

pytestmark = pytest.mark.django_db

UNIFORM_ERROR = "No encontramos una solicitud con ese radicado y ese documento o correo."


@pytest.fixture
def filed(agent, team_a):
    customer = CustomerFactory(
        full_name="Jorge Iván Mejía",
        document_type="CC",
        document_number="71234567",
        email="jorge.mejia@example.com",
    )
    pqr = make_pqr(actor=agent, team=team_a, customer=customer, type_code="reclamo")
    pqr_message_add(
        pqr=pqr,
        actor=agent,
        kind=MessageKind.INTERNAL_NOTE,
        body="NOTA-INTERNA: el cliente ya reclamó antes, revisar historial",
    )
    pqr_message_add(
        pqr=pqr,
        actor=agent,
        kind=MessageKind.PUBLIC_ANSWER,
        body="Reversamos el cobro duplicado; lo verá en su próximo extracto.",
        attachments=[fake_upload(b"%PDF-1.4\nsoporte de reverso", "reverso.pdf")],
    )
    return pqr


def _lookup(client, radicado, identifier):
    return client.post(LOOKUP_URL, {"radicado": radicado, "identifier": identifier})


def test_document_number_with_dots_opens_the_status_page(client, filed):
    response = _lookup(client, filed.radicado.lower(), "71.234.567")
    assert response.status_code == 302
    assert response["Location"] == STATUS_URL
    page = client.get(STATUS_URL).content.decode()
    assert filed.radicado in page
    assert "Reversamos el cobro duplicado" in page
    assert "reverso.pdf" in page


def test_email_also_opens_the_status_page(client, filed):
    response = _lookup(client, filed.radicado, "Jorge.Mejia@Example.com")
    assert response["Location"] == STATUS_URL


def test_status_page_never_shows_internal_notes_or_agent_names(client, filed, agent):
    agent.first_name, agent.last_name = "Laura", "Quintero"
    agent.save()
    _lookup(client, filed.radicado, "71234567")
    page = client.get(STATUS_URL).content.decode()
    assert "NOTA-INTERNA" not in page
    assert "revisar historial" not in page
    assert "Laura" not in page
    assert "Quintero" not in page
    assert agent.username not in page


def test_unknown_radicado_and_wrong_document_get_the_same_answer(client, filed):
    unknown = _lookup(client, "PQR-2026-999999", "71234567")
    wrong_document = _lookup(client, filed.radicado, "80000001")
    assert unknown.status_code == wrong_document.status_code == 400
    assert UNIFORM_ERROR in unknown.content.decode()
    assert UNIFORM_ERROR in wrong_document.content.decode()
    # Same page apart from the radicado typed back and the CSRF token.
    strip = ("PQR-2026-999999", filed.radicado)

    def main(response):
        html = response.content.decode()
        html = html[html.index("<main") : html.index("</main>")]
        for value in strip:
            html = html.replace(value, "")
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html.replace('value="71234567"', "").replace('value="80000001"', "")

    assert main(unknown) == main(wrong_document)
    assert client.get(STATUS_URL)["Location"] == LOOKUP_URL


def test_anonymous_pqr_cannot_be_found_by_any_document(client, agent, team_a):
    pqr = make_pqr(actor=agent, team=team_a, customer=None)
    response = _lookup(client, pqr.radicado, "71234567")
    assert UNIFORM_ERROR in response.content.decode()


def test_no_document_or_email_in_urls_or_session_in_clear(client, filed):
    response = _lookup(client, filed.radicado, "71234567")
    assert "71234567" not in response["Location"]
    stored = str(dict(client.session.items()))
    assert "71234567" not in stored
    assert "jorge.mejia" not in stored
    grant = client.cookies[public_access.LOOKUP_COOKIE]
    assert grant["httponly"]
    value = signing.loads(grant.value, salt=public_access.LOOKUP_SALT)
    assert value["p"] == filed.pk
    assert set(value) == {"p", "n"}  # the id and a nonce: nothing the customer typed


def test_the_status_page_needs_the_signed_grant(client, filed):
    _lookup(client, filed.radicado, "71234567")
    assert client.get(STATUS_URL).status_code == 200
    forged = signing.dumps({"p": filed.pk, "n": "x"}, salt="otra-cosa")
    client.cookies[public_access.LOOKUP_COOKIE] = forged
    assert client.get(STATUS_URL)["Location"] == LOOKUP_URL


def test_each_lookup_mints_a_new_grant(client, filed):
    _lookup(client, filed.radicado, "71234567")
    first = client.cookies[public_access.LOOKUP_COOKIE].value
    _lookup(client, filed.radicado, "71234567")
    assert client.cookies[public_access.LOOKUP_COOKIE].value != first


def test_ending_the_lookup_revokes_even_a_copy_of_the_grant(client, filed):
    _lookup(client, filed.radicado, "71234567")
    copy = client.cookies[public_access.LOOKUP_COOKIE].value
    response = client.post(reverse("pqr:public_lookup_exit"))
    assert response["Location"] == LOOKUP_URL
    assert not client.cookies[public_access.LOOKUP_COOKIE].value
    assert client.get(STATUS_URL)["Location"] == LOOKUP_URL
    client.cookies[public_access.LOOKUP_COOKIE] = copy
    assert client.get(STATUS_URL)["Location"] == LOOKUP_URL


def test_the_grant_expires_after_30_minutes(client, filed, monkeypatch):
    _lookup(client, filed.radicado, "71234567")
    monkeypatch.setattr(public_access, "LOOKUP_MAX_AGE", -1)
    assert client.get(STATUS_URL)["Location"] == LOOKUP_URL


def test_lookup_is_rate_limited(client, filed, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    for _ in range(3):
        _lookup(client, filed.radicado, "1")
    response = _lookup(client, filed.radicado, "71234567")
    assert response.status_code == 429
    assert client.get(STATUS_URL).status_code == 302


def _download_link(client, filed):
    _lookup(client, filed.radicado, "71234567")
    page = client.get(STATUS_URL).content.decode()
    marker = "/pqr/consulta/adjuntos/"
    start = page.index(marker)
    return page[start : page.index('"', start)]


def test_answer_attachment_downloads_through_the_signed_link(client, filed):
    link = _download_link(client, filed)
    response = client.get(link)
    assert response.status_code == 200
    assert b"soporte de reverso" in b"".join(response.streaming_content)


def test_attachment_link_cannot_be_forged_or_reused_after_expiry(client, filed, settings):
    link = _download_link(client, filed)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    attachment = filed.attachments.get()
    forged = signing.dumps({"p": filed.pk, "a": attachment.pk}, salt="otra-sal")
    assert client.get(reverse("pqr:public_attachment", args=[forged])).status_code == 404
    assert client.get(reverse("pqr:public_attachment", args=[token + "x"])).status_code == 404
    settings.SECRET_KEY = "otra-clave-para-invalidar-firmas"
    assert client.get(link).status_code == 404


def test_attachment_link_expires(client, filed, monkeypatch):
    link = _download_link(client, filed)
    monkeypatch.setattr(public_access, "ATTACHMENT_MAX_AGE", -1)
    assert client.get(link).status_code == 404


def test_intake_or_internal_note_attachments_are_not_downloadable(client, filed, agent):
    note = pqr_message_add(
        pqr=filed,
        actor=agent,
        kind=MessageKind.INTERNAL_NOTE,
        body="Soporte interno",
        attachments=[fake_upload(b"%PDF-1.4\ninterno", "interno.pdf")],
    )
    internal = note.attachments.get()
    token = public_access.attachment_token(pqr_id=filed.pk, attachment_id=internal.pk)
    assert client.get(reverse("pqr:public_attachment", args=[token])).status_code == 404
    _lookup(client, filed.radicado, "71234567")
    assert "interno.pdf" not in client.get(STATUS_URL).content.decode()


def test_status_page_queries_stay_constant(client, filed, agent, django_assert_max_num_queries):
    _lookup(client, filed.radicado, "71234567")
    # The PQR with its type, completion note, recursos and "answer went out"; the public
    # answers; their attachments. No session row (issue 18: were 6).
    with django_assert_max_num_queries(3):
        client.get(STATUS_URL)
    for n in range(8):
        pqr_message_add(
            pqr=Pqr.objects.get(pk=filed.pk),
            actor=agent,
            kind=MessageKind.PUBLIC_ANSWER,
            body=f"Respuesta adicional {n}",
            attachments=[fake_upload(b"%PDF-1.4\nmas", f"anexo{n}.pdf")],
        )
    with django_assert_max_num_queries(3):
        page = client.get(STATUS_URL).content.decode()
    assert "Respuesta adicional 7" in page


def test_anonymous_filer_looks_up_with_the_email_they_left(client, agent, team_a):
    from django.utils import timezone

    pqr = make_pqr(
        actor=agent,
        team=team_a,
        customer=None,
        contact_email="testigo@example.com",
        contact_consent_at=timezone.now(),
    )
    response = _lookup(client, pqr.radicado, "testigo@example.com")
    assert response["Location"] == STATUS_URL


def test_status_page_tells_what_the_office_asked_to_complete(client, filed, agent):
    from pqr.services import pqr_request_completion

    pqr_request_completion(pqr=filed, actor=agent, missing="Copia del contrato firmado")
    _lookup(client, filed.radicado, "71234567")
    page = client.get(STATUS_URL).content.decode()
    assert "En espera del cliente" in page
    assert "Copia del contrato firmado" in page


def test_a_completed_lookup_costs_4_queries(client, filed, django_assert_max_num_queries):
    """The lookup (the PQR by radicado with the customer's document) and the status page
    it redirects to (3 queries): no session read, insert, update or delete. Were 16."""
    client.get(LOOKUP_URL)
    with django_assert_max_num_queries(4):
        response = _lookup(client, filed.radicado, "71234567")
        page = client.get(response["Location"]).content.decode()
    assert "Reversamos el cobro duplicado" in page
    assert "reverso.pdf" in page
