import shutil
import tempfile
from pathlib import Path

import pytest

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
