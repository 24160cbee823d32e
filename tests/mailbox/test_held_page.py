"""A message the intake could not turn into a PQR is shown to a supervisor, who can
download it or process it again; agents do not see the page."""

import pytest
from django.urls import reverse

from mailboxes import services
from mailboxes.models import InboundEmail, InboundStatus, Mailbox

from .messages import customer_mail

pytestmark = pytest.mark.django_db


def test_supervisor_sees_the_held_message_and_processes_it_again(
    office_mailbox, imap, settings, supervisor_client
):
    settings.MAILBOX_MAX_MESSAGE_BYTES = 1024
    imap.append(customer_mail(subject="Factura adjunta muy grande", body="x" * 4000))
    services.mailbox_poll(mailbox_id=office_mailbox.pk)
    row = InboundEmail.objects.get()
    assert row.status == InboundStatus.QUARANTINED

    page = supervisor_client.get(reverse("mailboxes:held")).content.decode()
    assert "Factura adjunta muy grande" in page
    assert "el máximo que se convierte en PQR" in page
    assert reverse("mailboxes:raw", args=[row.pk]) in page

    settings.MAILBOX_MAX_MESSAGE_BYTES = 10 * 1024 * 1024
    response = supervisor_client.post(reverse("mailboxes:held_retry", args=[row.pk]), follow=True)
    row.refresh_from_db()
    assert row.status == InboundStatus.NEW_PQR
    assert row.pqr is not None
    page = response.content.decode()
    assert "El correo se procesó" in page
    assert 'data-testid="no-held-messages"' in page


def test_a_mailbox_that_cannot_be_read_is_shown_with_its_error(supervisor_client, office_mailbox):
    Mailbox.objects.filter(pk=office_mailbox.pk).update(
        last_error="LoginError: AUTHENTICATIONFAILED"
    )
    page = supervisor_client.get(reverse("mailboxes:held")).content.decode()
    assert "AUTHENTICATIONFAILED" in page
    assert office_mailbox.name in page


def test_agents_cannot_open_or_post_to_the_held_page(agent_client, office_mailbox):
    assert agent_client.get(reverse("mailboxes:held")).status_code == 403
    assert agent_client.post(reverse("mailboxes:held_retry", args=[1])).status_code == 403
