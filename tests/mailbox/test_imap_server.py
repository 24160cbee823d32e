"""The IMAP server the mailbox intake is tested against is real: messages appended
over IMAP are fetched back and moved to a processed folder, and a wrong password is
refused."""

import pytest
from imap_tools import MailBoxUnencrypted
from imap_tools.errors import MailboxLoginError

from tests.mailbox.conftest import MAILBOX_PASSWORD, MAILBOX_USER

# The suite-wide session fixtures check the seeded test database.
pytestmark = pytest.mark.django_db

RAW = (
    b"From: Ana Cliente <ana@cliente.test>\r\n"
    b"To: pqr@oficina.test\r\n"
    b"Subject: =?utf-8?q?Reclamo_por_cobro_indebido?=\r\n"
    b"Message-ID: <reclamo-1@cliente.test>\r\n"
    b"\r\n"
    b"Me cobraron dos veces la factura de octubre.\r\n"
)


def test_appended_message_is_fetched_and_moved_to_processed_folder(dovecot):
    with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(MAILBOX_USER, MAILBOX_PASSWORD) as box:
        box.append(RAW, "INBOX")
        fetched = list(box.fetch(mark_seen=False))
        assert [m.subject for m in fetched] == ["Reclamo por cobro indebido"]
        assert fetched[0].headers["message-id"] == ("<reclamo-1@cliente.test>",)
        box.folder.create("Procesados")
        box.move([fetched[0].uid], "Procesados")
        assert list(box.fetch(mark_seen=False)) == []
        assert box.folder.status("Procesados")["MESSAGES"] == 1


def test_wrong_password_is_refused(dovecot):
    with pytest.raises(MailboxLoginError):
        MailBoxUnencrypted("127.0.0.1", dovecot.port).login(MAILBOX_USER, "otra")
