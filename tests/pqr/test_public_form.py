"""The public web form: validation keeps input, attachments checked, honeypot, limits."""

import pytest
from django.core import mail
from django.urls import reverse

from customers.models import ConsentRecord, Customer
from pqr.attachments import fake_upload
from pqr.models import Channel, CustomerEmail, Pqr

from .public_helpers import CREATE_URL, form_data, relay

pytestmark = pytest.mark.django_db


def test_identified_filing_creates_web_pqr_customer_consent_and_shows_radicado(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CREATE_URL, form_data(), follow=True)
    pqr = Pqr.objects.get()
    assert pqr.channel == Channel.WEB
    assert pqr.customer.document_number == "1020304050"
    assert ConsentRecord.objects.get(customer=pqr.customer).channel == "web"
    assert pqr.radicado in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("pqr:public_success")
    assert mail.outbox == []  # the request published nothing: the relay sends it
    relay()
    assert len(mail.outbox) == 1
    assert pqr.radicado in mail.outbox[0].subject


def test_existing_customer_is_reused_and_not_edited(client):
    from tests.customers.factories import CustomerFactory

    existing = CustomerFactory(
        document_type="CC", document_number="1020304050", full_name="Camila Restrepo"
    )
    client.post(CREATE_URL, form_data(full_name="Otro Nombre Cualquiera"))
    existing.refresh_from_db()
    assert Customer.objects.count() == 1
    assert existing.full_name == "Camila Restrepo"
    assert Pqr.objects.get().customer == existing


def test_invalid_submission_keeps_every_value_and_explains(client):
    data = form_data(subject="", document_number="12AB", contact_email="no-es-correo")
    response = client.post(CREATE_URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert not Pqr.objects.exists()
    assert "No pudimos radicar su solicitud" in html
    assert "Este tipo de documento solo admite números." in html
    assert 'value="no-es-correo"' in html
    assert "Camila Restrepo Vélez" in html
    assert "pagué el domicilio en la app" in html
    assert 'value="12AB"' in html


def test_consent_is_mandatory(client):
    data = form_data()
    del data["consent"]
    response = client.post(CREATE_URL, data)
    assert response.status_code == 400
    assert "Para radicar necesitamos su autorización" in response.content.decode()
    assert not Pqr.objects.exists()


def test_form_shows_the_policy_text_and_anonymous_warning(client):
    html = client.get(CREATE_URL).content.decode()
    assert "Política de tratamiento de datos personales" in html
    assert "Ley 1581 de 2012" in html
    assert "denuncia anónima se tramita únicamente si narra hechos concretos" in html
    assert "csrfmiddlewaretoken" in html


def test_attachment_with_allowed_extension_but_other_content_is_rejected(client):
    fake_pdf = fake_upload(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00binary", "factura.pdf")
    response = client.post(CREATE_URL, {**form_data(), "attachments": [fake_pdf]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "no es de un tipo permitido" in html
    assert "Me cobraron dos veces el domicilio" in html
    assert not Pqr.objects.exists()


def test_attachment_over_the_size_limit_is_rejected(client, settings):
    settings.PQR_ATTACHMENT_MAX_BYTES = 1024
    big = fake_upload(b"%PDF-1.4\n" + b"0" * 2048, "soporte.pdf")
    response = client.post(CREATE_URL, {**form_data(), "attachments": [big]})
    assert response.status_code == 400
    assert "el máximo permitido es" in response.content.decode()
    assert not Pqr.objects.exists()


def test_valid_attachment_is_stored_with_the_pqr(client):
    pdf = fake_upload(b"%PDF-1.4\nfactura", "factura.pdf")
    client.post(CREATE_URL, {**form_data(), "attachments": [pdf]})
    attachment = Pqr.objects.get().attachments.get()
    assert attachment.filename == "factura.pdf"
    assert attachment.content_type == "application/pdf"


def test_honeypot_filled_stores_nothing_and_looks_like_success(client):
    response = client.post(CREATE_URL, form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Pqr.objects.exists()
    assert not Customer.objects.exists()


def test_rate_limit_per_ip_answers_429(client, settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    for _ in range(2):
        client.post(CREATE_URL, form_data(), REMOTE_ADDR="203.0.113.7")
    response = client.post(CREATE_URL, form_data(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert Pqr.objects.count() == 2
    other = client.post(CREATE_URL, form_data(), REMOTE_ADDR="203.0.113.8")
    assert other.status_code == 302


def test_anonymous_without_email_files_without_customer_or_email(client):
    data = form_data(
        identification="anonymous",
        document_type="",
        document_number="",
        full_name="",
        contact_email="",
    )
    response = client.post(CREATE_URL, data, follow=True)
    pqr = Pqr.objects.get()
    assert pqr.customer is None
    assert not CustomerEmail.objects.exists()
    html = response.content.decode()
    assert "ni podrá consultar esta solicitud en línea" in html


def test_identified_filing_needs_document_name_and_email(client):
    data = form_data(document_type="", document_number="", full_name="", contact_email="")
    html = client.post(CREATE_URL, data).content.decode()
    assert "Elija el tipo de documento." in html
    assert "Escriba su número de documento." in html
    assert "Escriba un correo para enviarle el radicado y la respuesta." in html


def test_anonymous_denuncia_needs_concrete_facts(client):
    data = form_data(
        pqr_type=Pqr._meta.get_field("pqr_type").related_model.objects.get(code="denuncia").pk,
        identification="anonymous",
        description="Hay corrupción.",
        contact_email="",
    )
    response = client.post(CREATE_URL, data)
    assert response.status_code == 400
    assert "solo puede tramitarse si describe hechos concretos" in response.content.decode()
    assert not Pqr.objects.exists()


def test_english_ui_stores_english_as_the_customer_language(client):
    client.cookies["django_language"] = "en"
    client.post(CREATE_URL, form_data())
    assert Pqr.objects.get().language == "en"
