"""Time the mailbox intake: N messages appended to a real dovecot, then read and
turned into PQRs (row first, parse, attachment checks, radicado, acknowledgement
email, move to the processed folder).

    .venv/bin/python bench/mailbox_intake.py [--messages 1000]

Uses its own database (env BENCH_MAILBOX_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/pqrdesk_bench_mailbox; created and migrated if
needed) and a private dovecot in a temporary directory (tests/servers/dovecot.py).
Test settings: Celery eager and the in-memory email backend, so each acknowledgement
is rendered and "sent" inside the measured time. Prints time, messages per second
and the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

URL = os.environ.get(
    "BENCH_MAILBOX_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pqrdesk_bench_mailbox"
)


def _database() -> None:
    name = URL.rsplit("/", 1)[1]
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc",
         f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if exists != "1":
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-U", "postgres", name],
            check=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    _database()
    os.environ["DATABASE_URL"] = URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from imap_tools import MailBoxUnencrypted

    from mailboxes.models import InboundEmail, InboundStatus, Mailbox, Security
    from mailboxes.services import mailbox_poll, mailbox_save
    from pqr.models import Pqr
    from tests.mailbox.messages import PDF, customer_mail
    from tests.servers.dovecot import DovecotServer

    user, password = "pqr@oficina.test", "clave-bench"
    root = Path(tempfile.mkdtemp(prefix="pqrdesk-bench-dovecot-"))
    server = DovecotServer(root, {user: password})
    server.start()
    try:
        InboundEmail.objects.all().delete()
        Mailbox.objects.all().delete()
        mailbox = mailbox_save(
            mailbox=Mailbox(
                name="Bench",
                address=user,
                host="127.0.0.1",
                port=server.port,
                security=Security.NONE,
                username=user,
            ),
            password=password,
        )
        started = time.perf_counter()
        with MailBoxUnencrypted("127.0.0.1", server.port).login(user, password) as box:
            for n in range(args.messages):
                box.append(
                    customer_mail(
                        sender=f"Cliente {n} <cliente{n}@bench.test>",
                        subject=f"Solicitud de prueba {n}",
                        files=((f"factura-{n}.pdf", PDF, "application/pdf"),),
                    ),
                    "INBOX",
                )
        appended = time.perf_counter() - started
        before = Pqr.objects.count()
        started = time.perf_counter()
        polls = 0
        while True:
            polls += 1
            mailbox_poll(mailbox_id=mailbox.pk)
            if not InboundEmail.objects.filter(status=InboundStatus.PENDING).exists():
                break
        elapsed = time.perf_counter() - started
        created = Pqr.objects.count() - before
        load = os.getloadavg()
        print(f"appended {args.messages} messages to dovecot in {appended:.1f} s")
        print(
            f"processed {args.messages} messages into {created} PQRs in {elapsed:.1f} s "
            f"({args.messages / elapsed:.1f} messages/s, {polls} poll(s))"
        )
        print(f"load average (1/5/15 min): {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print(f"cpus: {os.cpu_count()}")
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
