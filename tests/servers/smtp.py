"""A counting SMTP server (aiosmtpd) on a fixed port that can go down and come back,
optionally slow (to kill a worker in the middle of a batch)."""

import email
import threading
import time
from email import policy

from aiosmtpd.controller import Controller

from tests.servers.redis import free_port


class CountingHandler:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            time.sleep(self.delay)  # blocks the server loop on purpose: a slow relay
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def subjects_with(self, text: str) -> list[str]:
        with self.lock:
            return [str(m["Subject"]) for m in self.messages if text in str(m["Subject"])]

    def message_ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.messages]


class SmtpServer:
    def __init__(self):
        self.port = free_port()
        self.handler = CountingHandler()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
