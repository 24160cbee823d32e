"""Alerts through a real `celery -A config worker` subprocess on the real Redis,
reading the test database; sent emails are files we count."""

import email
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from sla.calendar import BOGOTA
from sla.models import Alert
from sla.sweep import sweep_run
from tests.pqr.factories import make_pqr
from tests.sla.alert_emails import email_every_alert

ROOT = Path(settings.BASE_DIR)
SEPARATOR = b"\n" + b"-" * 79 + b"\n"
KINDS = {"resolution_breach": "Solución vencida", "legal_breach": "Término legal vencido"}
pytestmark = pytest.mark.worker


def _env(tmp_path, **extra) -> dict:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PQRDESK_TEST_REAL_CELERY": "1",
        "PQRDESK_TEST_EMAIL_DIR": str(tmp_path / "mail"),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


class Worker:
    def __init__(self, env: dict):
        cmd = [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGQUIT)  # cold shutdown: nothing left to wait for
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def workers(transactional_db, tmp_path):
    started = []
    celery_app.control.purge()
    celery_app.conf.task_always_eager = False

    def start(**extra) -> Worker:
        worker = Worker(_env(tmp_path, **extra))
        started.append(worker)
        return worker

    yield start
    celery_app.conf.task_always_eager = True
    for worker in started:
        worker.stop()
    connection.close()


def _sent_subjects(mail_dir: Path, radicado: str) -> list[str]:
    subjects = []
    for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                raw = email.message_from_bytes(chunk)["Subject"]
                subject = str(make_header(decode_header(raw)))
                if radicado in subject:
                    subjects.append(subject)
    return subjects


def _wait(condition, timeout=15.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


def _breached_pqr(agent, team_a):
    return make_pqr(
        received_at=datetime(2026, 3, 16, 10, tzinfo=BOGOTA),
        actor=agent,
        team=team_a,
        assigned_to=agent,
    )


def _exactly_one_email_per_alert(pqr, mail_dir) -> bool:
    subjects = _sent_subjects(mail_dir, pqr.radicado)
    return all(sum(label in s for s in subjects) == 1 for label in KINDS.values())


def test_worker_killed_between_claim_and_send_ends_with_one_email(workers, agent, team_a, tmp_path):
    agent.email = "agente@example.com"
    agent.save()
    email_every_alert(agent)
    pqr = _breached_pqr(agent, team_a)
    marker = tmp_path / "claimed"
    first = workers(
        PQRDESK_TEST_EMAIL_BACKEND="tests.sla.slow_mail.FirstSendHangsBackend",
        PQRDESK_TEST_MAIL_MARKER=str(marker),
    )
    sweep_run()
    assert _wait(marker.exists), "the worker never claimed the alert"
    first.kill()
    alerts = Alert.objects.filter(pqr=pqr)
    assert set(alerts.values_list("kind", flat=True)) == set(KINDS)
    assert _sent_subjects(tmp_path / "mail", pqr.radicado) == []
    assert not alerts.filter(sent_at__isnull=False).exists()

    workers()
    sweep_run(now=timezone.now() + timedelta(minutes=3))  # the next sweep after the wait
    assert _wait(lambda: not alerts.filter(sent_at__isnull=True).exists())
    time.sleep(1)  # a duplicate delivery, if any, would land now
    assert _exactly_one_email_per_alert(pqr, tmp_path / "mail")


def test_redis_down_at_sweep_time_loses_nothing(workers, agent, team_a, tmp_path):
    agent.email = "agente@example.com"
    agent.save()
    email_every_alert(agent)
    pqr = _breached_pqr(agent, team_a)
    dead_broker = {"CELERY_BROKER_URL": "redis://127.0.0.1:1/3"}
    script = "import django; django.setup(); from sla.sweep import sweep_run; print(sweep_run())"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=_env(tmp_path, **dead_broker),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"  # nothing could be queued
    alerts = Alert.objects.filter(pqr=pqr)
    assert alerts.count() == 2
    assert alerts.filter(sent_at__isnull=True, claimed_at__isnull=True).count() == 2

    workers()
    assert sweep_run() == 2  # Redis is back: the next sweep queues both
    assert _wait(lambda: not alerts.filter(sent_at__isnull=True).exists())
    time.sleep(1)
    assert _exactly_one_email_per_alert(pqr, tmp_path / "mail")
