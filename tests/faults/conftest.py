"""The fault suite's servers: its own redis-server (the broker, stoppable), a counting
aiosmtpd server (stoppable, slowable), real worker and beat subprocesses."""

import json
import os
import time
from contextlib import suppress

import kombu.pools
import pytest
from django.db import connection

from config.celery import app as celery_app
from core.jobs import broker_mark_up
from tests.servers import celery as celery_servers
from tests.servers.redis import RedisServer
from tests.servers.smtp import SmtpServer


def _point_app_at(url: str) -> None:
    """This process (the web side) publishes to `url` from now on."""
    celery_app.conf.broker_url = url
    with suppress(Exception):
        kombu.pools.reset()
    celery_app._after_fork()
    broker_mark_up()


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


class Faults:
    """What a scenario drives: start/kill workers and beats, wait, record figures."""

    def __init__(self, broker, smtp, tmp_path):
        self.broker, self.smtp, self.tmp = broker, smtp, tmp_path
        self.env = celery_servers.celery_env(
            broker_url=broker.url, smtp_port=smtp.port, workdir=tmp_path
        )
        self.procs = []

    def worker(self, name="w1"):
        proc = celery_servers.worker(self.env, self.tmp / f"{name}.log", name)
        self.procs.append(proc)
        return proc

    def worker_prefork(self, name="wp"):
        proc = celery_servers.worker(
            self.env, self.tmp / f"{name}.log", name, pool="prefork", concurrency=1
        )
        self.procs.append(proc)
        return proc

    def relay(self, name="r1"):
        proc = celery_servers.relay(self.env, self.tmp / f"{name}.log")
        self.procs.append(proc)
        return proc

    def beat(self, name="b1"):
        proc = celery_servers.beat(self.env, self.tmp / f"{name}.log", name)
        self.procs.append(proc)
        return proc

    @staticmethod
    def wait(condition, timeout=60.0) -> float | None:
        """Seconds until condition() held, None on timeout."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if condition():
                return time.monotonic() - start
            time.sleep(0.25)
        return None

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.tmp.glob("*.log"))

    @staticmethod
    def record(**row) -> None:
        """One line of the table in docs/reliability.md (PQRDESK_FAULTS_REPORT=file)."""
        print("FAULTS", json.dumps(row))
        path = os.environ.get("PQRDESK_FAULTS_REPORT")
        if path:
            with open(path, "a") as handle:
                handle.write(json.dumps(row) + "\n")


@pytest.fixture
def faults(transactional_db, broker, smtp, tmp_path, settings):
    if broker.proc is None:
        broker.start()
    if smtp.controller is None:
        smtp.start()
    smtp.handler.delay = 0.0
    smtp.handler.messages.clear()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.PUBLIC_FORM_RATE_LIMIT = 10_000
    celery_app.conf.task_always_eager = False
    previous = celery_app.conf.broker_url
    _point_app_at(broker.url)
    run = Faults(broker, smtp, tmp_path)
    yield run
    for proc in run.procs:
        proc.stop()
    _point_app_at(previous)
    celery_app.conf.task_always_eager = True
    connection.close()
