"""API intake throughput and list latency over real HTTP, gunicorn with 2 workers.

    .venv/bin/python bench/api_intake.py [--pqrs 20000] [--filings 300] [--clients 4]
                                         [--lists 60] [--database-url URL]

Seeds a separate bench database with bench/seed_scale.py (default
postgres://postgres@127.0.0.1:5432/pqrdesk_api_bench, env BENCH_API_DATABASE_URL; at
--pqrs rows: say that size with the figures), creates an API key bound to every team,
starts `gunicorn config.wsgi -w 2` on a free loopback port against that database, then
POSTs --filings PQRs through /api/v1/pqrs/ from --clients threads (each with its own
Idempotency-Key) and times --lists GET /api/v1/pqrs/ pages (first page and a cursor
page), then --reads calls of the customer list, the two legal reports, the survey
results and the due-date calculation. Prints PQRs/s, medians/p95 and the load average.
Stops gunicorn at the end.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))
URL = os.environ.get(
    "BENCH_API_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pqrdesk_api_bench"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(method: str, url: str, key: str, body: dict | None = None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (loopback)
    request.add_header("X-API-Key", key)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, json.loads(response.read())


def _key() -> str:
    from django.contrib.auth import get_user_model

    from api.services import api_key_create
    from pqr.models import Team

    admin, _c = get_user_model().objects.get_or_create(
        username="bench.api.admin", defaults={"is_superuser": True, "is_staff": True}
    )
    _k, raw = api_key_create(
        actor=admin,
        name="bench",
        scopes=["intake", "read", "reports"],
        teams=Team.objects.all(),
    )
    return raw


# The other reads, each timed --reads times (reports over the default last 30 days).
READS = [
    ("customers list (50 rows)", "customers/"),
    ("PQRS report (Ley 1474)", "reports/pqrs/"),
    ("information-requests report (Ley 1712)", "reports/information-requests/"),
    ("survey results", "surveys/results/"),
    ("due-date calculation", "calendar/due-date/?type=peticion&received_at=2026-02-13T10:00"),
]


def _timed(url: str, raw: str, n: int) -> str:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        _request("GET", url, raw)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, math.ceil(len(times) * 0.95) - 1)]
    return f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms over {n}"


def _filing(n: int) -> dict:
    return {
        "type": "peticion",
        "subject": f"Solicitud de bench {n}",
        "description": "Necesito copia de la factura del mes pasado para un trámite.",
        "document_type": "CC",
        "document_number": str(10_000_000 + n),
        "full_name": f"Cliente Bench {n}",
        "contact_email": f"bench{n}@example.com",
        "consent": True,
        "channel": "chat",
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pqrs", type=int, default=20_000)
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--filings", type=int, default=300)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--lists", type=int, default=60)
    parser.add_argument("--reads", type=int, default=10, help="requests per other read")
    parser.add_argument("--database-url", default=URL)
    args = parser.parse_args(argv)

    import seed_scale
    from database import load_average

    seed_scale.reuse_or_seed(
        pqrs=args.pqrs, customers=args.customers, database_url=args.database_url
    )
    from pqr.models import Pqr

    raw = _key()
    before = Pqr.objects.count()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "0",
        "PQRDESK_API_KEY_RATE_PER_MINUTE": "1000000",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/api/v1/pqrs/"
    try:
        for _ in range(100):
            try:
                _request("GET", base, raw)
                break
            except OSError:
                time.sleep(0.2)
        _request("POST", base, raw, _filing(0), {"Idempotency-Key": str(uuid.uuid4())})
        counter, lock, errors = iter(range(1, args.filings + 1)), threading.Lock(), []

        def worker():
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                status, _b = _request(
                    "POST", base, raw, _filing(n), {"Idempotency-Key": str(uuid.uuid4())}
                )
                if status != 201:
                    errors.append(status)

        threads = [threading.Thread(target=worker) for _ in range(args.clients)]
        t0 = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - t0
        filed = Pqr.objects.count() - before - 1
        print(
            f"intake: {args.filings} POSTs from {args.clients} clients in {elapsed:.1f} s = "
            f"{args.filings / elapsed:.1f} PQRs/s ({filed} filed, {len(errors)} errors)"
        )
        _s, first = _request("GET", base + "?status=all", raw)
        cursor_url = first["next"]
        for label, url in (("first page", base + "?status=all"), ("cursor page", cursor_url)):
            print(f"list {label} (50 rows): {_timed(url, raw, args.lists)}")
        api = base.removesuffix("pqrs/")
        for label, path in READS:
            print(f"{label}: {_timed(api + path, raw, args.reads)}")
        print(f"database: {Pqr.objects.count():,} PQRs; {load_average()}")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
