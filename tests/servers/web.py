"""Web nodes for the tests: gunicorn processes on the test database and a Debian nginx
in front of them, each with its own config, prefix, pid and logs in a temporary
directory, on free ports (the system nginx and its /etc config are never used)."""

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

from tests.servers.redis import free_port

ROOT = Path(settings.BASE_DIR)
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def tests_database_url() -> str:
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


def wait_http(url: str, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (loopback URL of the test)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


class Process:
    def __init__(self, args: list[str], env: dict, log: Path):
        self.log = log.open("ab")
        self.proc = subprocess.Popen(
            args,
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()


def gunicorn_node(workdir: Path, name: str, env_overrides: dict, *, workers: int = 2) -> tuple:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": tests_database_url(),
        "PQRDESK_TEST_QUEUE_PREFIX": settings.PQRDESK_QUEUE_PREFIX,
        "PYTHONPATH": str(ROOT),
        **env_overrides,
    }
    proc = Process(
        [
            GUNICORN,
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
        ],
        env,
        workdir / f"{name}.log",
    )
    wait_http(f"http://127.0.0.1:{port}/healthz")
    return proc, port


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream pqrdesk {{
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://pqrdesk;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def nginx_in_front(workdir: Path, backend_ports: list[int]) -> tuple:
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is not installed: run scripts/setup.sh (apt-get nginx)")
    port = free_port()
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in backend_ports)
    conf = workdir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=workdir, servers=servers, port=port))
    proc = Process(
        [NGINX, "-p", str(workdir), "-c", str(conf), "-e", str(workdir / "nginx-error.log")],
        dict(os.environ),
        workdir / "nginx.out",
    )
    wait_http(f"http://127.0.0.1:{port}/healthz")
    return proc, port
