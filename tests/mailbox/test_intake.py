"""New mail in a real IMAP mailbox (dovecot) becomes a PQR, exactly once."""

import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from mailboxes import services
from mailboxes.models import InboundEmail, InboundStatus
from pqr.models import Channel, CustomerEmail, Pqr
from tests.pqr.factories import CustomerFactory

from .messages import EXE, PDF, customer_mail

pytestmark = pytest.mark.django_db


def poll(mailbox, **kwargs):
    return services.mailbox_poll(mailbox_id=mailbox.pk, **kwargs)


def test_new_mail_becomes_a_pqr_with_radicado_attachments_and_acknowledgement(
    office_mailbox, imap, django_capture_on_commit_callbacks
):
    imap.append(
        customer_mail(
            html="<p>Me cobraron <b>dos veces</b> la factura.</p><script>alert(1)</script>",
            files=(("factura-octubre.pdf", PDF, "application/pdf"),),
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = poll(office_mailbox)

    assert (result.stored, result.processed, result.moved) == (1, 1, 1)
    pqr = Pqr.objects.get()
    assert re.fullmatch(r"PQR-\d{4}-\d{6}", pqr.radicado)
    assert pqr.channel == Channel.EMAIL
    assert pqr.pqr_type.code == "peticion"
    assert pqr.subject == "Cobro duplicado en la factura de octubre"
    assert "Me cobraron dos veces" in pqr.description
    assert pqr.contact_email == "ana@cliente.test"
    row = InboundEmail.objects.get()
    assert (row.status, row.pqr_id) == (InboundStatus.NEW_PQR, pqr.pk)
    assert abs(pqr.received_at - row.arrived_at).total_seconds() < 1
    files = {a.filename: a.content_type for a in pqr.attachments.all()}
    # The HTML body is described as text; the HTML itself stays in the original .eml.
    assert files == {"factura-octubre.pdf": "application/pdf"}
    assert "<script>" in bytes(row.raw).decode()
    # The acknowledgement carries the radicado and a Reply-To that threads replies.
    ack = CustomerEmail.objects.get(pqr=pqr, kind="acknowledgement")
    assert ack.sent_at is not None
    (sent,) = mail.outbox
    assert pqr.radicado in sent.subject
    assert sent.to == ["ana@cliente.test"]
    assert re.fullmatch(r"pqr\+[0-9a-z]+-[0-9a-f]{12}@oficina\.test", sent.reply_to[0])
    assert "Puede responder a este correo" in sent.body
    assert "no lo responda" not in sent.body
    # Only after the PQR committed did the message leave the inbox.
    assert imap.count("INBOX") == 0
    assert imap.count("PQR/Procesados") == 1


def test_html_only_mail_is_described_as_safe_text(office_mailbox, imap):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = "ana@cliente.test"
    msg["To"] = "pqr@oficina.test"
    msg["Subject"] = "Solo HTML"
    msg.set_content("<div>Hola<br>necesito <i>copia</i></div><style>p{}</style>", subtype="html")
    imap.append(msg.as_bytes())
    poll(office_mailbox)
    pqr = Pqr.objects.get()
    assert pqr.description == "Hola\nnecesito copia"


def test_sender_is_matched_to_the_customer_profile_or_flagged(
    office_mailbox, imap, supervisor_client
):
    known = CustomerFactory(full_name="Ana Cliente", email="Ana@Cliente.test")
    imap.append(customer_mail(), customer_mail(sender="Desconocido <otro@nadie.test>"))
    poll(office_mailbox)
    matched = Pqr.objects.get(contact_email="ana@cliente.test")
    unknown = Pqr.objects.get(contact_email="otro@nadie.test")
    assert matched.customer == known
    assert unknown.customer is None
    page = supervisor_client.get(reverse("pqr:detail", args=[unknown.pk])).content.decode()
    assert "autorización de datos no registrada" in page


def test_a_refused_attachment_is_listed_on_the_pqr(office_mailbox, imap, supervisor_client):
    imap.append(
        customer_mail(
            files=(
                ("factura.pdf", PDF, "application/pdf"),
                ("programa.exe", EXE, "application/octet-stream"),
            )
        )
    )
    poll(office_mailbox)
    pqr = Pqr.objects.get()
    assert [a.filename for a in pqr.attachments.all()] == ["factura.pdf"]
    row = InboundEmail.objects.get()
    assert [r["filename"] for r in row.refused_attachments] == ["programa.exe"]
    page = supervisor_client.get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert "programa.exe (rechazado)" in page
    assert "no es de un tipo permitido" in page


def test_the_same_message_polled_twice_makes_one_pqr(office_mailbox, imap):
    raw = customer_mail(message_id="<una-vez@cliente.test>")
    imap.append(raw)
    poll(office_mailbox)
    poll(office_mailbox)
    # The customer's server delivers the very same message again (new UID).
    imap.append(raw)
    poll(office_mailbox)
    assert Pqr.objects.count() == 1
    rows = InboundEmail.objects.order_by("id")
    assert [r.status for r in rows] == [InboundStatus.NEW_PQR, InboundStatus.DUPLICATE]
    assert rows[1].pqr_id == rows[0].pqr_id
    assert imap.count("INBOX") == 0
    assert imap.count("PQR/Procesados") == 2


def test_a_crash_before_the_move_processes_nothing_twice(office_mailbox, imap, monkeypatch):
    imap.append(customer_mail())

    def crash(*args, **kwargs):
        raise ConnectionResetError("worker killed between commit and move")

    monkeypatch.setattr(services, "_move_done", crash)
    with pytest.raises(ConnectionResetError):
        poll(office_mailbox)
    assert Pqr.objects.count() == 1
    assert imap.count("INBOX") == 1  # never moved away before the PQR committed
    office_mailbox.refresh_from_db()
    assert "worker killed" in office_mailbox.last_error
    monkeypatch.undo()
    result = poll(office_mailbox)
    assert (result.stored, result.processed, result.moved) == (0, 0, 1)
    assert Pqr.objects.count() == 1
    assert imap.count("INBOX") == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_polling_at_once_make_one_pqr_per_message(office_mailbox, imap):
    imap.append(*[customer_mail(subject=f"Solicitud {n}") for n in range(6)])
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait(timeout=10)
            poll(office_mailbox)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert Pqr.objects.count() == 6
    assert sorted(Pqr.objects.values_list("subject", flat=True)) == [
        f"Solicitud {n}" for n in range(6)
    ]
    assert InboundEmail.objects.count() == 6
    assert not InboundEmail.objects.filter(status=InboundStatus.PENDING).exists()
    assert imap.count("INBOX") == 0


def test_a_wrong_password_is_recorded_on_the_mailbox(office_mailbox, imap):
    services.mailbox_save(mailbox=office_mailbox, password="otra-clave")
    with pytest.raises(Exception, match=r"(?i)auth"):
        poll(office_mailbox)
    office_mailbox.refresh_from_db()
    assert office_mailbox.last_error
    assert office_mailbox.last_error_at <= timezone.now()
