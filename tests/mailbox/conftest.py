import shutil
import tempfile
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

from tests.servers.dovecot import DovecotServer, dovecot_available

MAILBOX_USER = "pqr@oficina.test"
MAILBOX_PASSWORD = "clave-de-prueba"


@pytest.fixture
def dovecot():
    """A real dovecot IMAP server of this test only (scripts/setup.sh installs it).
    Its directory is not under pytest's tmp_path: that one is private to root, and
    dovecot's own users must reach the password file and the maildir."""
    if not dovecot_available():
        pytest.fail("dovecot is not installed: run scripts/setup.sh (apt-get dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="pqrdesk-dovecot-"))
    server = DovecotServer(root, {MAILBOX_USER: MAILBOX_PASSWORD})
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


class Imap:
    """The test's own IMAP client: what a sender's server (APPEND) and a person
    looking at the folders would do."""

    def __init__(self, server: DovecotServer):
        self.server = server

    def _box(self):
        return MailBoxUnencrypted("127.0.0.1", self.server.port).login(
            MAILBOX_USER, MAILBOX_PASSWORD
        )

    def append(self, *raws: bytes, folder: str = "INBOX", arrived_at=None) -> None:
        """`arrived_at` sets the server's INTERNALDATE (when the office received it)."""
        with self._box() as box:
            for raw in raws:
                box.append(raw, folder, dt=arrived_at)

    def count(self, folder: str = "INBOX") -> int:
        with self._box() as box:
            if not box.folder.exists(folder):
                return 0
            return box.folder.status(folder, ["MESSAGES"])["MESSAGES"]


@pytest.fixture
def imap(dovecot) -> Imap:
    return Imap(dovecot)


@pytest.fixture
def office_mailbox(dovecot, db):
    from mailboxes.models import Mailbox, Security
    from mailboxes.services import mailbox_save

    return mailbox_save(
        mailbox=Mailbox(
            name="PQR de la oficina",
            address=MAILBOX_USER,
            host="127.0.0.1",
            port=dovecot.port,
            security=Security.NONE,
            username=MAILBOX_USER,
        ),
        password=MAILBOX_PASSWORD,
    )
