"""Replies thread into the PQR they answer: by the Reply-To token, by In-Reply-To
(a Message-ID we sent), or by the radicado in the subject from the same sender."""

import pytest
from django.core import mail
from django.urls import reverse

from mailboxes import services
from mailboxes.models import InboundEmail, InboundStatus
from pqr.models import MessageKind, Pqr, PqrMessage, Status
from pqr.services import pqr_request_completion
from sla.models import Alert, Notification

from .messages import PDF, customer_mail

pytestmark = pytest.mark.django_db


def poll(mailbox):
    return services.mailbox_poll(mailbox_id=mailbox.pk)


@pytest.fixture
def first(office_mailbox, imap, django_capture_on_commit_callbacks):
    """A PQR that came by email, and the acknowledgement we sent for it."""
    imap.append(customer_mail())
    with django_capture_on_commit_callbacks(execute=True):
        poll(office_mailbox)
    (ack,) = mail.outbox
    return Pqr.objects.get(), ack


def _reply(ack, **kwargs) -> bytes:
    defaults = {"subject": f"Re: {ack.subject}", "body": "Aquí va la información."}
    return customer_mail(**{**defaults, **kwargs})


def test_a_reply_to_the_token_address_joins_the_same_pqr(
    office_mailbox, imap, first, agent, django_capture_on_commit_callbacks
):
    pqr, ack = first
    pqr.team.members.add(agent)
    imap.append(
        _reply(
            ack,
            to=ack.reply_to[0],
            subject="otra cosa",
            files=(("recibo.pdf", PDF, "application/pdf"),),
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        poll(office_mailbox)
    assert Pqr.objects.count() == 1
    message = PqrMessage.objects.get(pqr=pqr, kind=MessageKind.CUSTOMER)
    assert message.body == "Aquí va la información."
    assert (message.source, message.sender_email, message.sender_mismatch) == (
        "email",
        "ana@cliente.test",
        False,
    )
    assert [a.filename for a in message.attachments.all()] == ["recibo.pdf"]
    row = InboundEmail.objects.latest("id")
    assert (row.status, row.reason, row.pqr_id) == (InboundStatus.REPLY, "token", pqr.pk)
    # Nobody has the PQR yet: the team's agents are told the customer wrote.
    alert = Alert.objects.get(pqr=pqr, kind="customer_message")
    assert Notification.objects.filter(alert=alert, user=agent).exists()


def test_a_reply_quoting_our_message_id_joins_the_same_pqr(office_mailbox, imap, first):
    pqr, ack = first
    imap.append(
        _reply(
            ack, subject="sin radicado", headers={"In-Reply-To": ack.extra_headers["Message-ID"]}
        )
    )
    poll(office_mailbox)
    assert Pqr.objects.count() == 1
    assert InboundEmail.objects.latest("id").reason == "in_reply_to"
    assert PqrMessage.objects.filter(pqr=pqr, kind=MessageKind.CUSTOMER).count() == 1


def test_the_radicado_in_the_subject_from_the_same_sender_joins_the_pqr(
    office_mailbox, imap, first
):
    pqr, _ack = first
    imap.append(customer_mail(subject=f"Sobre mi caso {pqr.radicado}", body="Más datos."))
    poll(office_mailbox)
    assert Pqr.objects.count() == 1
    assert InboundEmail.objects.latest("id").reason == "radicado"


def test_the_radicado_from_another_sender_is_a_new_pqr(office_mailbox, imap, first):
    pqr, _ack = first
    imap.append(customer_mail(sender="otro@nadie.test", subject=f"Caso {pqr.radicado}"))
    poll(office_mailbox)
    assert Pqr.objects.count() == 2
    assert not PqrMessage.objects.filter(pqr=pqr, kind=MessageKind.CUSTOMER).exists()


def test_a_reply_by_token_from_another_sender_is_attached_but_flagged(
    office_mailbox, imap, first, supervisor_client
):
    pqr, ack = first
    imap.append(_reply(ack, sender="Tercero <tercero@otra.test>", to=ack.reply_to[0]))
    poll(office_mailbox)
    message = PqrMessage.objects.get(pqr=pqr, kind=MessageKind.CUSTOMER)
    assert message.sender_mismatch is True
    page = supervisor_client.get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert 'data-testid="sender-mismatch"' in page
    assert "tercero@otra.test" in page


def test_a_made_up_token_does_not_reach_a_pqr(office_mailbox, imap, first):
    pqr, _ack = first
    imap.append(
        customer_mail(sender="otro@nadie.test", to=f"pqr+{pqr.pk}-000000000000@oficina.test")
    )
    poll(office_mailbox)
    assert Pqr.objects.count() == 2


def test_an_email_reply_while_waiting_on_the_customer_restarts_the_term(
    office_mailbox, imap, first, agent
):
    pqr, ack = first
    pqr_request_completion(pqr=pqr, actor=agent, missing="Copia de la factura.")
    pqr.refresh_from_db()
    assert (pqr.status, pqr.term_suspended) == (Status.EN_ESPERA_CLIENTE, True)
    imap.append(_reply(ack, to=ack.reply_to[0], files=(("factura.pdf", PDF, "application/pdf"),)))
    poll(office_mailbox)
    pqr.refresh_from_db()
    assert (pqr.status, pqr.term_suspended) == (Status.EN_TRAMITE, False)
    assert pqr.events.filter(note__contains="(email)").exists()
