"""Real `celery -A config worker` and `beat` subprocesses on the test database, for the
fault suite: short outbox polls and timeouts so that recoveries fit in seconds."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
CELERY = str(Path(sys.executable).with_name("celery"))
# The production code paths with the clock sped up (docs/reliability.md).
FAST = {
    "PQRDESK_OUTBOX_POLL_SECONDS": "1",
    "PQRDESK_OUTBOX_REQUEUE_AFTER": "3",
    "PQRDESK_SWEEP_SECONDS": "1",
    "PQRDESK_ALERT_RESEND_AFTER": "4",
    "PQRDESK_VISIBILITY_TIMEOUT": "20",
    "PQRDESK_EMAIL_BACKOFF_BASE_SECONDS": "1",
    "DJANGO_EMAIL_TIMEOUT": "3",
}


def celery_env(*, broker_url: str, smtp_port: int, workdir: Path) -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        **FAST,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PQRDESK_TEST_REAL_CELERY": "1",
        "PQRDESK_TEST_REDIS_URL": broker_url,
        "PQRDESK_TEST_QUEUE_PREFIX": settings.CELERY_TASK_DEFAULT_QUEUE,
        "PQRDESK_TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "PYTHONPATH": str(ROOT),
        "CELERY_BEAT_SCHEDULE_DIR": str(workdir),
    }


class CeleryProcess:
    def __init__(self, args: list[str], env: dict, log: Path, *, command=None):
        self.log = log.open("ab")
        self.proc = subprocess.Popen(
            command or [CELERY, "-A", "config", *args],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        """kill -9 of the whole process group: no acknowledgement, no cleanup."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGQUIT)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def worker(
    env: dict,
    log: Path,
    name: str,
    *,
    pool: str = "solo",
    concurrency: int = 1,
    queues: list[str] | None = None,
) -> CeleryProcess:
    """A worker on every declared queue, or only on `queues` (-Q)."""
    return CeleryProcess(
        [
            "worker",
            *([f"--queues={','.join(queues)}"] if queues else []),
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            f"--hostname={name}@%h",
        ],
        env,
        log,
    )


def beat(env: dict, log: Path, name: str) -> CeleryProcess:
    schedule = Path(env["CELERY_BEAT_SCHEDULE_DIR"]) / f"{name}-schedule"
    return CeleryProcess(
        ["beat", "--loglevel=INFO", f"--schedule={schedule}", f"--pidfile={schedule}.pid"],
        env,
        log,
    )


def relay(env: dict, log: Path, *, interval: float = 0.2) -> CeleryProcess:
    """`manage.py outbox_relay` (core.relay): publishes what public filings left."""
    command = [sys.executable, "manage.py", "outbox_relay", f"--interval={interval}"]
    return CeleryProcess([], env, log, command=command)
