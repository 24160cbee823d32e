"""`manage.py outbox_relay`: publish the outbox rows requests wrote (core.relay)."""

import signal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.relay import relay_forever, relay_once


class Command(BaseCommand):
    help = "Publish the tasks and emails public filings left in their outboxes."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--interval", type=float, default=settings.OUTBOX_RELAY_SECONDS)
        parser.add_argument("--heartbeat", type=Path, help="file touched after each pass")

    def handle(self, *args, once=False, interval=None, heartbeat=None, **options):
        if once:
            self.stdout.write(f"published {relay_once()}")
            return
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
            signal.signal(sig, lambda *_: stopping.append(True))
        self.stdout.write(f"outbox relay: a pass every {interval} s")
        relay_forever(interval=interval, should_stop=lambda: bool(stopping), heartbeat=heartbeat)
