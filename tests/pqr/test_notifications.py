"""Every decision that must reach the customer leaves a notification record; a decision
that would notify no one asks for the channel; failures turn the record failed."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pqr.models import Channel, CustomerNotification, Status
from pqr.notification_status import notification_mark_failed
from pqr.notify import Delivery
from pqr.services import (
    notice_delivery,
    notification_mark_delivered,
    notification_mark_returned,
    notification_renotify,
    pqr_answer_send,
    pqr_desist,
    pqr_reject,
    pqr_request_completion,
    pqr_transfer,
    pqr_transition,
)
from sla.models import Alert, Notification, Organization
from tests.answers import IN_PERSON
from tests.pqr.refused import back_on_the_pqr_page

from .factories import CustomerFactory, make_pqr

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_with_email(db):
    return CustomerFactory(full_name="Ana Lucía Pérez", email="ana.perez@example.com")


@pytest.fixture
def emailed(agent, team_a, customer_with_email):
    return make_pqr(actor=agent, team=team_a, customer=customer_with_email, assigned_to=agent)


@pytest.fixture
def anonymous_phone(agent, team_a):
    return make_pqr(
        actor=agent,
        team=team_a,
        channel=Channel.TELEFONO,
        verbal_constancia="Llamó sin dar sus datos.",
        assigned_to=agent,
    )


def _decisions(pqr) -> list[tuple[str, str, str]]:
    return list(
        CustomerNotification.objects.filter(pqr=pqr)
        .order_by("id")
        .values_list("decision", "channel", "status")
    )


def test_each_decision_by_email_leaves_a_record_stamped_with_the_message_id(
    agent, emailed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pqr_request_completion(pqr=emailed, actor=agent, missing="Copia de la factura")
        pqr_transition(pqr=emailed, to_status=Status.EN_TRAMITE, actor=agent)
        pqr_transfer(pqr=emailed, actor=agent, destination="Superintendencia Financiera")
    assert _decisions(emailed) == [
        ("completion_request", "email", "sent"),
        ("transfer", "email", "sent"),
    ]
    ids = set(CustomerNotification.objects.values_list("smtp_message_id", flat=True))
    # Back in handling, the customer is also told the date the term now runs to: an
    # information email, not a decision, so it has no notification record.
    resumed = [m for m in mail.outbox if m.subject.startswith("Recibimos su información")]
    assert len(resumed) == 1
    decisions = [m for m in mail.outbox if m.extra_headers and m not in resumed]
    assert ids == {m.extra_headers["Message-ID"] for m in decisions}


def test_rejection_and_desistimiento_are_notified_to_the_customer(
    agent, team_a, customer_with_email, django_capture_on_commit_callbacks
):
    rejected = make_pqr(actor=agent, team=team_a, customer=customer_with_email)
    desisted = make_pqr(actor=agent, team=team_a, customer=customer_with_email)
    pqr_transition(pqr=desisted, to_status=Status.EN_TRAMITE, actor=agent)
    with django_capture_on_commit_callbacks(execute=True):
        pqr_reject(pqr=rejected, actor=agent, reason="Escrito irrespetuoso")
        pqr_desist(pqr=desisted, actor=agent, tacit=False, note="Pasó el mes sin respuesta")
    assert _decisions(rejected) == [("rejection", "email", "sent")]
    assert _decisions(desisted) == [("desistimiento", "email", "sent")]
    bodies = {m.subject: m.body for m in mail.outbox}
    assert any("Escrito irrespetuoso" in b for s, b in bodies.items() if "Decisión" in s)
    assert any("Pasó el mes sin respuesta" in b for s, b in bodies.items() if "desistimiento" in s)


def test_an_extension_on_an_anonymous_phone_pqr_asks_for_the_channel(agent_client, anonymous_phone):
    url = reverse("pqr:extension", args=[anonymous_phone.pk])
    page = agent_client.get(reverse("pqr:detail", args=[anonymous_phone.pk])).content.decode()
    assert "Esta PQR no tiene correo: el cliente no se enteraría" in page
    refused = agent_client.post(url, {"reason": "Falta el concepto técnico"}, follow=True)
    body = back_on_the_pqr_page(refused, anonymous_phone)
    assert "Indique por qué canal se le comunica" in body
    assert "Falta el concepto técnico" in body  # what was typed is kept
    anonymous_phone.refresh_from_db()
    assert not anonymous_phone.clock.extension_used
    granted = agent_client.post(
        url,
        {
            "reason": "Falta el concepto técnico",
            "nextension-channel": "phone",
            "nextension-address": "310 555 0101",
            "nextension-constancia": "Volvió a llamar; se le explicó la prórroga y la nueva fecha.",
        },
    )
    assert granted.status_code == 302
    anonymous_phone.refresh_from_db()
    assert anonymous_phone.clock.extension_used
    assert _decisions(anonymous_phone) == [("extension", "phone", "delivered")]


def test_a_transfer_with_no_one_to_tell_is_refused_and_changes_nothing(agent, anonymous_phone):
    with pytest.raises(ValidationError, match="Indique por qué canal"):
        pqr_transfer(pqr=anonymous_phone, actor=agent, destination="Alcaldía")
    anonymous_phone.refresh_from_db()
    assert anonymous_phone.status != Status.TRASLADADO
    assert not CustomerNotification.objects.exists()


def test_a_bounce_marks_the_notification_failed_and_alerts_the_agent(
    agent, emailed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pqr_answer_send(pqr=emailed, actor=agent, body="Reversamos el cobro.")
    sent = CustomerNotification.objects.get(pqr=emailed)
    with django_capture_on_commit_callbacks(execute=True):
        failed = notification_mark_failed(
            message_id=sent.smtp_message_id, reason="550 5.1.1 mailbox unavailable"
        )
    assert [row.pk for row in failed] == [sent.pk]
    sent.refresh_from_db()
    assert (sent.status, sent.failure_reason) == ("failed", "550 5.1.1 mailbox unavailable")
    alert = Alert.objects.get(pqr=emailed, kind="notification_failed")
    assert Notification.objects.filter(alert=alert, user=agent).exists()
    # A second bounce for the same message changes nothing and alerts no one again.
    assert notification_mark_failed(message_id=sent.smtp_message_id, reason="again") == []
    assert Alert.objects.filter(kind="notification_failed").count() == 1


def test_a_recipient_refused_by_the_smtp_server_fails_the_notification(
    agent,
    emailed,
    smtp_server,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    from config.celery import app as celery_app

    smtp_server.refuse.add("ana.perez@example.com")
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", False)
    with django_capture_on_commit_callbacks(execute=True):
        pqr_answer_send(pqr=emailed, actor=agent, body="Reversamos el cobro.")
    row = CustomerNotification.objects.get(pqr=emailed)
    assert row.status == "failed"
    assert "SMTPRecipientsRefused" in row.failure_reason
    page_alert = Alert.objects.get(pqr=emailed, kind="notification_failed")
    assert page_alert.detail.startswith("Respuesta")


def test_the_pqr_page_shows_each_notification_and_offers_another_channel_after_a_failure(
    agent, agent_client, emailed
):
    pqr_answer_send(pqr=emailed, actor=agent, body="Respuesta.")
    row = CustomerNotification.objects.get(pqr=emailed)
    notification_mark_failed(notification_id=row.pk, reason="Buzón lleno")
    page = agent_client.get(reverse("pqr:detail", args=[emailed.pk])).content.decode()
    assert "Notificaciones al cliente" in page
    assert "ana.perez@example.com" in page
    assert "Buzón lleno" in page
    assert "Notificar por otro canal" in page
    again = notification_renotify(notification=row, actor=agent, delivery=IN_PERSON)
    assert (again.decision, again.channel, again.status) == ("answer", "in_person", "delivered")
    assert again.message_id == row.message_id


def test_a_letter_by_post_is_sent_with_its_guide_then_delivered_or_returned(agent, peticion):
    pqr_answer_send(
        pqr=peticion,
        actor=agent,
        body="Le enviamos la respuesta por correo certificado.",
        delivery=Delivery(channel="post", address="Calle 10 # 4-20, Pereira", guide_number="RA123"),
        letter=True,
    )
    row = CustomerNotification.objects.get(pqr=peticion)
    assert (row.status, row.guide_number) == ("sent", "RA123")
    receipt = SimpleUploadedFile("recibido.pdf", b"%PDF-1.4 firma", content_type="application/pdf")
    notification_mark_delivered(
        notification=row, actor=agent, on=timezone.localdate(), evidence=receipt
    )
    row.refresh_from_db()
    assert row.status == "delivered"
    assert row.evidence_name == "recibido.pdf"
    with pytest.raises(ValidationError):
        notification_mark_delivered(notification=row, actor=agent)


def test_returned_post_fails_the_notification(agent, peticion):
    pqr_answer_send(
        pqr=peticion,
        actor=agent,
        body="Respuesta.",
        delivery=Delivery(channel="post", address="Calle 1", guide_number="RA9"),
    )
    row = CustomerNotification.objects.get(pqr=peticion)
    notification_mark_returned(notification=row, actor=agent, reason="Dirección no existe")
    row.refresh_from_db()
    assert (row.status, row.failure_reason) == ("failed", "Dirección no existe")


def test_a_public_entity_publishes_an_aviso_for_five_business_days(
    agent, client, anonymous_phone, monkeypatch
):
    Organization.objects.filter(pk=1).update(legal_regime="publica")
    monkeypatch.setattr("pqr.services.notifications.timezone.localdate", lambda: date(2026, 3, 16))
    delivery = notice_delivery(text="Se decidió la petición radicada con el número indicado.")
    assert (delivery.notice_from, delivery.notice_until) == (date(2026, 3, 16), date(2026, 3, 24))
    pqr_answer_send(pqr=anonymous_phone, actor=agent, body="Decisión de fondo.", delivery=delivery)
    row = CustomerNotification.objects.get(pqr=anonymous_phone)
    assert (row.channel, row.status) == ("notice", "sent")
    notice = row.notice
    assert (notice.published_on, notice.published_until) == (date(2026, 3, 16), date(2026, 3, 24))
    monkeypatch.setattr("pqr.selectors_answers.timezone.localdate", lambda: date(2026, 3, 20))
    page = client.get(reverse("pqr:public_notices")).content.decode()
    assert anonymous_phone.radicado in page
    assert "Se decidió la petición" in page
    monkeypatch.setattr("pqr.selectors_answers.timezone.localdate", lambda: date(2026, 3, 25))
    assert (
        anonymous_phone.radicado not in client.get(reverse("pqr:public_notices")).content.decode()
    )


def test_an_aviso_is_not_offered_when_the_customer_has_an_email(agent, emailed):
    with pytest.raises(ValidationError, match="solo cuando no es posible notificar por correo"):
        pqr_answer_send(
            pqr=emailed, actor=agent, body="Decisión.", delivery=notice_delivery(text="Aviso")
        )


def test_evidence_is_checked_like_any_attachment(agent, peticion):
    bad = SimpleUploadedFile("firma.exe", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(ValidationError):
        pqr_answer_send(
            pqr=peticion,
            actor=agent,
            body="Respuesta.",
            delivery=Delivery(channel="in_person", constancia="Firmó", evidence=bad),
        )
    assert not CustomerNotification.objects.exists()


def test_notified_date_cannot_be_in_the_future(agent, peticion):
    with pytest.raises(ValidationError, match="futuro"):
        pqr_request_completion(
            pqr=peticion,
            actor=agent,
            missing="Copia",
            delivery=Delivery(
                channel="in_person",
                constancia="x",
                notified_on=timezone.localdate() + timedelta(days=3),
            ),
        )
