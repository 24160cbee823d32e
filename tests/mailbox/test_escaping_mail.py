"""Issue 11, finding 11: what a customer writes by email (subject, body, a reply, the
sender's name) is escaped on the staff pages and in our HTML emails, and stays as
typed in the plain-text ones. Fails if `|safe` is put on those fields."""

import pytest
from django.core import mail
from django.urls import reverse

from mailboxes import services
from mailboxes.models import InboundEmail
from pqr.models import Pqr
from tests.pqr.test_escaping_everywhere import assert_escaped, assert_outbox, mark

from .messages import customer_mail

pytestmark = pytest.mark.django_db


def poll(mailbox):
    return services.mailbox_poll(mailbox_id=mailbox.pk)


def test_mail_intake_subject_body_and_reply_are_escaped_everywhere(
    office_mailbox, imap, supervisor_client, settings, django_capture_on_commit_callbacks
):
    imap.append(
        customer_mail(
            subject=mark("mailsubject"),
            body=mark("mailbody") + "\nMe cobraron dos veces.",
            html=f"<p>{mark('mailhtml')}</p>",
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        poll(office_mailbox)
    pqr = Pqr.objects.get()
    assert pqr.subject == mark("mailsubject")
    (ack,) = mail.outbox
    imap.append(customer_mail(to=ack.reply_to[0], subject="Re", body=mark("mailreply")))
    with django_capture_on_commit_callbacks(execute=True):
        poll(office_mailbox)
    assert pqr.messages.filter(body__contains=mark("mailreply")).exists()

    detail = supervisor_client.get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert_escaped(detail, ["mailsubject", "mailbody", "mailreply"], "PQR page and timeline")
    queue = supervisor_client.get(reverse("pqr:queue")).content.decode()
    assert_escaped(queue, ["mailsubject"], "queue")
    assert_outbox(pqr, ["mailsubject"])

    # A message kept for review shows its subject to the supervisor, escaped.
    settings.MAILBOX_MAX_MESSAGE_BYTES = 1024
    imap.append(customer_mail(subject=mark("heldsubject"), body="x" * 4000))
    poll(office_mailbox)
    assert InboundEmail.objects.filter(subject=mark("heldsubject")).exists()
    held = supervisor_client.get(reverse("mailboxes:held")).content.decode()
    assert_escaped(held, ["heldsubject"], "held emails page")
