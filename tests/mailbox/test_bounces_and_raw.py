"""Auto-replies and bounces make no PQR (a bounce fails the notification it quotes);
an oversized or malformed message is kept whole for staff, with the reason."""

import pytest
from django.core import mail
from django.urls import reverse

from mailboxes import services
from mailboxes.models import InboundEmail, InboundStatus
from pqr.models import CustomerNotification, Pqr
from pqr.services import pqr_answer_send
from sla.models import Alert
from tests.pqr.factories import CustomerFactory, TeamFactory, make_pqr

from .messages import big_mail, bounce_of, customer_mail

pytestmark = pytest.mark.django_db


def poll(mailbox):
    return services.mailbox_poll(mailbox_id=mailbox.pk)


def test_an_auto_reply_makes_no_pqr(office_mailbox, imap):
    imap.append(
        customer_mail(subject="Fuera de la oficina", headers={"Auto-Submitted": "auto-replied"}),
        customer_mail(subject="Boletín", headers={"Precedence": "bulk"}),
        customer_mail(sender="PQR <pqr@oficina.test>", subject="Nuestro propio correo"),
    )
    poll(office_mailbox)
    assert not Pqr.objects.exists()
    rows = InboundEmail.objects.order_by("id")
    assert [r.status for r in rows] == [InboundStatus.AUTO_REPLY] * 3
    assert "Auto-Submitted" in rows[0].reason
    assert "bucle" in rows[2].reason
    assert imap.count("INBOX") == 0
    assert imap.count("PQR/Procesados") == 3


def test_a_bounce_makes_no_pqr_and_marks_the_answer_failed(
    office_mailbox, imap, agent, django_capture_on_commit_callbacks
):
    customer = CustomerFactory(email="ana@cliente.test")
    pqr = make_pqr(actor=agent, team=TeamFactory(name="Equipo A"), customer=customer)
    with django_capture_on_commit_callbacks(execute=True):
        pqr_answer_send(pqr=pqr, actor=agent, body="Reversamos el cobro duplicado.")
    sent = CustomerNotification.objects.get(pqr=pqr, decision="answer")
    assert sent.status == "sent"
    assert sent.smtp_message_id
    imap.append(bounce_of(sent.smtp_message_id))
    with django_capture_on_commit_callbacks(execute=True):
        poll(office_mailbox)
    assert Pqr.objects.count() == 1
    sent.refresh_from_db()
    assert sent.status == "failed"
    assert "550 5.1.1" in sent.failure_reason
    row = InboundEmail.objects.get()
    assert (row.status, row.pqr_id) == (InboundStatus.BOUNCE, pqr.pk)
    assert Alert.objects.filter(pqr=pqr, kind="notification_failed").exists()


def test_a_bounced_acknowledgement_alerts_the_supervisors(
    office_mailbox, imap, django_capture_on_commit_callbacks
):
    imap.append(customer_mail())
    with django_capture_on_commit_callbacks(execute=True):
        poll(office_mailbox)
    (ack,) = mail.outbox
    imap.append(bounce_of(ack.extra_headers["Message-ID"]))
    with django_capture_on_commit_callbacks(execute=True):
        poll(office_mailbox)
    pqr = Pqr.objects.get()
    assert InboundEmail.objects.latest("id").status == InboundStatus.BOUNCE
    assert Alert.objects.filter(pqr=pqr, kind="notification_failed").exists()


def test_a_30_mb_message_is_kept_whole_with_the_reason(office_mailbox, imap, supervisor_client):
    raw = big_mail(30)
    imap.append(raw)
    poll(office_mailbox)
    assert not Pqr.objects.exists()
    row = InboundEmail.objects.get()
    assert row.status == InboundStatus.QUARANTINED
    assert "máximo" in row.reason
    assert "MB" in row.reason
    assert bytes(row.raw) == raw
    assert row.size == len(raw)
    assert row.subject == "Planos escaneados"
    assert imap.count("INBOX") == 0
    assert imap.count("PQR/Revisar") == 1
    # Staff download exactly what arrived.
    response = supervisor_client.get(reverse("mailboxes:raw", args=[row.pk]))
    assert response["Content-Type"] == "message/rfc822"
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == raw


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"esto no es un correo\r\nni tiene cabeceras\r\n", "no tiene cabeceras"),
        (b"Subject: sin remitente\r\nTo: pqr@oficina.test\r\n\r\nHola\r\n", "remitente"),
    ],
)
def test_a_malformed_message_is_kept_with_the_reason(office_mailbox, imap, raw, reason):
    imap.append(raw)
    poll(office_mailbox)
    assert not Pqr.objects.exists()
    row = InboundEmail.objects.get()
    assert row.status == InboundStatus.QUARANTINED
    assert reason in row.reason
    assert bytes(row.raw).replace(b"\r\n", b"\n") == raw.replace(b"\r\n", b"\n")
    assert imap.count("PQR/Revisar") == 1


def test_an_agent_cannot_download_a_kept_message_without_a_pqr(office_mailbox, imap, agent_client):
    imap.append(b"Subject: sin remitente\r\n\r\nHola\r\n")
    poll(office_mailbox)
    row = InboundEmail.objects.get()
    assert agent_client.get(reverse("mailboxes:raw", args=[row.pk])).status_code == 404


def test_a_kept_message_can_be_processed_again_after_the_limit_is_raised(
    office_mailbox, imap, settings
):
    settings.MAILBOX_MAX_MESSAGE_BYTES = 1024
    imap.append(customer_mail(body="x" * 4000))
    poll(office_mailbox)
    row = InboundEmail.objects.get()
    assert row.status == InboundStatus.QUARANTINED
    settings.MAILBOX_MAX_MESSAGE_BYTES = 10 * 1024 * 1024
    services.inbound_retry(inbound=row)
    services.inbound_process(inbound_id=row.pk)
    row.refresh_from_db()
    assert row.status == InboundStatus.NEW_PQR
    assert row.pqr is not None
