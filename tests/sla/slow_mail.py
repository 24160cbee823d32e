"""Email backend for worker-process tests: the first message waits, so the test can
kill the worker after the alert is claimed and before anything is sent."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class FirstSendHangsBackend(EmailBackend):
    def send_messages(self, email_messages):
        marker = Path(os.environ["PQRDESK_TEST_MAIL_MARKER"])
        if not marker.exists():
            marker.write_text(str(os.getpid()))
            time.sleep(120)
        return super().send_messages(email_messages)
