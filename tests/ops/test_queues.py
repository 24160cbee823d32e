"""Queues per kind of work (config/queues.py): every task lands in its kind's queue,
helpers' new tasks by name pattern, docker-compose runs one worker per group and one
beat, and a breach alert goes out while the mailbox worker is stuck on a slow server."""

import re
import socket
import threading
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from config.celery import app as celery_app
from config.queues import GROUPS, KINDS, kind_for_task, queue_for
from core.jobs import publish
from mailboxes.models import Mailbox, Security
from mailboxes.services import mailbox_save
from sla.models import Alert, AlertKind
from tests.pqr.factories import TeamFactory, make_pqr
from tests.servers import celery as celery_servers
from tests.servers.smtp import SmtpServer

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "sla.tasks.sla_sweep": "alerts",
    "sla.tasks.alert_send": "alerts",
    "sla.tasks.alerts_send": "alerts",
    "sla.tasks.sla_daily_digest": "alerts",
    "sla.tasks.deadlines_recompute_task": "alerts",
    "pqr.tasks.send_customer_email": "emails",
    "pqr.tasks.requeue_customer_emails": "emails",
    "surveys.tasks.survey_invitation_send_task": "emails",
    "surveys.tasks.surveys_send_pending_task": "emails",
    "surveys.tasks.surveys_expire_due_task": "emails",
    "mailboxes.tasks.mailboxes_poll_all": "mailbox",
    "mailboxes.tasks.mailbox_poll": "mailbox",
    "api.tasks.webhook_deliver": "webhooks",
    "api.tasks.webhooks_requeue": "webhooks",
    "dashboards.tasks.rollups_refresh": "rollups",
    "dashboards.tasks.daily_stats_rebuild_all": "rollups",
    "core.tasks.health_check": "default",
    "dashboards.tasks.scheduled_reports_plan": "reports",
    "dashboards.tasks.scheduled_report_send": "reports",
    # Tasks other branches add later land by their names.
    "sla.tasks.sla_weekly_report": "reports",
    "dashboards.tasks.report_generate": "reports",
    "dashboards.tasks.export_build": "reports",
    "sla.tasks.supervisor_digest_send": "alerts",
    "api.tasks.webhook_redeliver_all": "webhooks",
    "dashboards.tasks.team_rollups_refresh": "rollups",
}


@pytest.mark.parametrize(("task", "kind"), EXPECTED.items())
def test_each_kind_of_task_is_routed_to_its_own_queue(task, kind):
    queue = celery_app.amqp.router.route({}, task)["queue"].name
    assert queue == queue_for(kind, settings.PQRDESK_QUEUE_PREFIX)
    assert kind_for_task(task) == kind


def test_every_registered_task_has_a_known_kind():
    celery_app.loader.import_default_modules()
    ours = [n for n in celery_app.tasks if not n.startswith("celery.")]
    assert set(EXPECTED) & set(ours) == {n for n in EXPECTED if n in celery_app.tasks}
    for name in ours:
        assert kind_for_task(name) in (*KINDS, "default"), name


def test_test_queues_keep_the_test_prefix():
    prefix = settings.PQRDESK_QUEUE_PREFIX
    assert prefix.startswith("pqrdesk-test")
    assert all(name.startswith(prefix) for name in celery_app.conf.task_queues)
    assert celery_app.conf.task_default_queue == prefix


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_one_worker_per_queue_group_and_exactly_one_beat():
    services = _compose()["services"]
    beats = [n for n, s in services.items() if " beat" in str(s.get("command", ""))]
    assert beats == ["beat"]
    consumed = []
    for group, kinds in GROUPS.items():
        command = services[f"worker-{group}"]["command"]
        assert command.startswith("celery -A config worker")
        queues = command.split("-Q ", 1)[1].split()[0].split(",")
        assert queues == [queue_for(k, "pqrdesk") for k in kinds]
        consumed += queues
    assert sorted(consumed) == sorted(queue_for(k, "pqrdesk") for k in ("default", *KINDS))


def test_procfile_worker_consumes_every_queue():
    line = next(
        ln for ln in (ROOT / "Procfile").read_text().splitlines() if ln.startswith("worker:")
    )
    # A worker without -Q takes them all.
    assert "-Q" not in line
    assert "--queues" not in line
    assert set(celery_app.conf.task_queues) == {
        queue_for(k, settings.PQRDESK_QUEUE_PREFIX) for k in ("default", *KINDS)
    }


class SilentImapServer:
    """Accepts IMAP connections and never greets: a mailbox server that hangs."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = threading.Event()
        self.conns = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            self.accepted.set()

    def close(self):
        for conn in self.conns:
            conn.close()
        self.sock.close()


@pytest.mark.worker
def test_breach_alert_goes_out_while_the_mailbox_queue_is_blocked(
    transactional_db, tmp_path, agent
):
    smtp = SmtpServer()
    smtp.start()
    imap = SilentImapServer()
    env = celery_servers.celery_env(
        broker_url=settings.CELERY_BROKER_URL, smtp_port=smtp.port, workdir=tmp_path
    )
    env["PQRDESK_MAILBOX_IMAP_TIMEOUT"] = "30"
    prefix = settings.PQRDESK_QUEUE_PREFIX
    workers = [
        celery_servers.worker(
            env, tmp_path / f"{kind}.log", f"q-{kind}", queues=[queue_for(kind, prefix)]
        )
        for kind in ("mailbox", "alerts")
    ]
    team = TeamFactory(name="Equipo colas")
    team.members.add(agent)
    pqr = make_pqr(actor=agent, team=team, assigned_to=agent)
    mailbox = mailbox_save(
        mailbox=Mailbox(
            name="Buzón lento",
            address="lento@oficina.test",
            host="127.0.0.1",
            port=imap.port,
            security=Security.NONE,
            username="lento@oficina.test",
        ),
        password="clave",
    )
    celery_app.conf.task_always_eager = False
    try:
        assert publish("mailboxes.tasks.mailbox_poll", mailbox.pk)
        assert imap.accepted.wait(60), "the mailbox worker never read the mailbox"
        alert = Alert.objects.create(pqr=pqr, kind=AlertKind.RESOLUTION_BREACH, threshold="q")
        start = time.monotonic()
        assert publish("sla.tasks.alert_send", alert.pk)
        while time.monotonic() - start < 25:
            alert.refresh_from_db()
            if alert.sent_at:
                break
            time.sleep(0.2)
        took = time.monotonic() - start
        mailbox.refresh_from_db()
        logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in tmp_path.glob("*.log"))
        assert alert.sent_at is not None, logs
        # The mailbox task is still waiting on its server: it did not hold the alert up.
        assert mailbox.last_error_at is None, took
        assert took < 20
        mailbox_log = (tmp_path / "mailbox.log").read_text()
        alerts_log = (tmp_path / "alerts.log").read_text()
        assert re.search(r"Task mailboxes\.tasks\.mailbox_poll\[[^]]+\] received", mailbox_log)
        assert "mailboxes.tasks.mailbox_poll[" not in alerts_log
        assert re.search(r"Task sla\.tasks\.alert_send\[[^]]+\] received", alerts_log)
    finally:
        celery_app.conf.task_always_eager = True
        imap.close()
        for proc in workers:
            proc.stop()
        smtp.stop()
