"""Public intake over HTTP through nginx with 1 and 2 gunicorn nodes, and the SLA
dashboard read from a streaming replica (or the primary) under write load.

    .venv/bin/python bench/nodes.py [--filings 300] [--clients 8] [--reads 30]
                                    [--skip-replica] [--database-url URL]

Uses its own database (default postgres://postgres@127.0.0.1:5432/pqrdesk_nodes_bench,
env BENCH_NODES_DATABASE_URL), migrated on first use. Each node is `gunicorn -w 2`; nginx
(Debian package) balances them round robin with its own config in a temporary
directory. Filings go through the real public form (GET for the CSRF token, POST), each
client with its own address in X-Forwarded-For. The replica part copies the local
cluster with pg_basebackup (tests/servers/replica.py), starts one node with
DATABASE_REPLICA_URL and times GET /tableros/ as a supervisor while --clients threads
keep filing; then the same against the primary only. Prints filings/s, dashboard
median/p95 and the load average. Queued Celery messages are purged at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
URL = os.environ.get(
    "BENCH_NODES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pqrdesk_nodes_bench"
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "bench-Strong-pass-123"  # noqa: S105 (bench user on a bench database)


def _env(extra: dict | None = None) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "False",
        "DATABASE_URL": URL,
        "PQRDESK_PUBLIC_FORM_RATE_LIMIT": "100000000",
        "PQRDESK_TRUSTED_PROXIES": "2",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PQRDESK_QUEUE_PREFIX": "pqrdesk-bench-nodes",
        **(extra or {}),
    }


def _prepare_database() -> None:
    name = URL.rsplit("/", 1)[1]
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    # DEBUG off: the pages need the hashed static files' manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=_env(),
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=_env(),
        check=True,
    )
    code = (
        "from django.contrib.auth.models import Group; from tests.factories import UserFactory;"
        "from core.roles import Role;"
        f"u = UserFactory(username='bench.supervisor', role=Role.SUPERVISOR);"
        f"u.set_password('{PASSWORD}'); u.save()"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=_env(),
        check=True,
        capture_output=True,
    )


def _nodes(workdir: Path, count: int, extra_env: dict | None = None):
    from tests.servers.web import NGINX, NGINX_CONF, Process, free_port, wait_http

    procs, ports = [], []
    for n in range(count):
        port = free_port()
        procs.append(
            Process(
                [
                    str(Path(sys.executable).with_name("gunicorn")),
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                ],
                _env(extra_env),
                workdir / f"node{n}.log",
            )
        )
        ports.append(port)
    for port in ports:
        wait_http(f"http://127.0.0.1:{port}/healthz")
    port = free_port()
    conf = workdir / f"nginx-{count}.conf"
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in ports)
    conf.write_text(NGINX_CONF.format(tmp=workdir, servers=servers, port=port))
    nginx = Process(
        [NGINX, "-p", str(workdir), "-c", str(conf), "-e", str(workdir / "nginx-error.log")],
        dict(os.environ),
        workdir / "nginx.out",
    )
    wait_http(f"http://127.0.0.1:{port}/healthz")
    return [nginx, *procs], f"http://127.0.0.1:{port}"


def _file_one(base: str, i: int, tag: str) -> int:
    import requests

    n = uuid.uuid4().int
    address = f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"
    session = requests.Session()
    headers = {"X-Forwarded-For": address}
    page = session.get(base + "/pqr/radicar/", headers=headers, timeout=60)
    data = {
        "pqr_type": _QUEJA,
        "subject": "Cobro doble del domicilio",
        "description": "Pagué el domicilio en la app y en la factura aparece dos veces.",
        "identification": "identified",
        "document_type": "CC",
        "document_number": f"{n % 10**10}",
        "full_name": f"Cliente Banco {tag} {i}",
        "contact_email": f"banco{i}-{tag}@example.com",
        "consent": "on",
        "website": "",
        "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
    }
    response = session.post(
        base + "/pqr/radicar/",
        data=data,
        allow_redirects=False,
        timeout=60,
        headers={**headers, "Referer": base + "/pqr/radicar/"},
    )
    return response.status_code


def _intake(base: str, filings: int, clients: int, tag: str) -> tuple[float, int]:
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        codes = list(pool.map(lambda i: _file_one(base, i, tag), range(filings)))
    took = time.perf_counter() - start
    return filings / took, sum(1 for c in codes if c != 302)


def _dashboard_under_load(base: str, reads: int, clients: int, tag: str) -> list[float]:
    import requests

    session = requests.Session()
    page = session.get(base + "/cuenta/login/", timeout=60)
    session.post(
        base + "/cuenta/login/",
        data={
            "username": "bench.supervisor",
            "password": PASSWORD,
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
        },
        headers={"Referer": base + "/cuenta/login/"},
        timeout=60,
    )
    stop = threading.Event()

    def writer(k: int) -> None:
        i = 0
        while not stop.is_set():
            _file_one(base, 100000 * k + i, tag)
            i += 1

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    timings = []
    try:
        session.get(base + "/tableros/", timeout=60)  # warm
        for _ in range(reads):
            start = time.perf_counter()
            response = session.get(base + "/tableros/", timeout=60)
            assert response.status_code == 200, response.status_code
            timings.append(time.perf_counter() - start)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return timings


def _replica_state(base: str, *, wait: bool) -> dict | None:
    """The node's view of the replica (/readyz); with wait, until it has caught up after
    the copy (the WAL written meanwhile is replayed first), at most 3 minutes."""
    import requests

    end = time.monotonic() + (180 if wait else 0)
    while True:
        state = requests.get(base + "/readyz", timeout=30).json().get("replica")
        if not wait or (state and state["state"] == "ok") or time.monotonic() > end:
            return state
        time.sleep(2)


def _stats(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--filings", type=int, default=300)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--reads", type=int, default=30)
    parser.add_argument("--skip-replica", action="store_true")
    parser.add_argument("--skip-intake", action="store_true")
    args = parser.parse_args()
    os.environ.update(_env())
    import django

    django.setup()
    global _QUEJA
    _prepare_database()
    from pqr.models import PqrType

    _QUEJA = PqrType.objects.get(code="queja").pk
    workdir = Path(tempfile.mkdtemp(prefix="pqrdesk-bench-nodes-"))
    results = {}
    try:
        for count in () if args.skip_intake else (1, 2):
            procs, base = _nodes(workdir, count)
            try:
                _intake(base, 20, args.clients, f"warm{count}")
                rate, errors = _intake(base, args.filings, args.clients, f"n{count}")
                results[count] = rate
                print(
                    f"{count} node(s): {rate:.1f} filings/s ({args.filings} filings, "
                    f"{args.clients} clients, {errors} errors), load {os.getloadavg()}"
                )
            finally:
                for proc in procs:
                    proc.stop()
        if not args.skip_replica:
            from tests.servers.replica import StreamingReplica

            replica = StreamingReplica()
            replica.start()
            print(f"pg_basebackup of the local cluster: {replica.copy_seconds:.1f} s")
            name = URL.rsplit("/", 1)[1]
            try:
                for label, extra in (
                    (
                        "replica",
                        {
                            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{replica.port}/{name}"
                        },
                    ),
                    ("primary", {}),
                ):
                    procs, base = _nodes(workdir, 1, extra)
                    try:
                        before = _replica_state(base, wait=label == "replica")
                        timings = _dashboard_under_load(base, args.reads, 4, label)
                        after = _replica_state(base, wait=False)
                        print(f"  /readyz replica before the reads: {before}, after: {after}")
                        lag = replica.query(
                            name,
                            "SELECT COALESCE(EXTRACT(EPOCH FROM now() - "
                            "pg_last_xact_replay_timestamp()), 0)",
                        )[0][0]
                        print(
                            f"SLA dashboard on the {label} under write load (4 filers): "
                            f"{_stats(timings)} over {args.reads} reads, replica lag "
                            f"{float(lag):.2f} s, load {os.getloadavg()}"
                        )
                    finally:
                        for proc in procs:
                            proc.stop()
            finally:
                replica.stop()
    finally:
        import redis

        client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
        for key in client.scan_iter("pqrdesk-bench-nodes*"):
            client.delete(key)


_QUEJA = None

if __name__ == "__main__":
    main()
