"""Time the PQR queue and detail pages at 1,000,000 PQRs.

    .venv/bin/python bench/pqr_queue.py [--pqrs 1000000] [--runs 40]

Reuses the bench database of bench/seed_scale.py for that size (pqrdesk_bench for
1M, pqrdesk_bench_100k for --pqrs 100000; seeded only when empty), then requests
each page through Django's test Client as a logged-in agent or supervisor (server
time: URL routing, middleware, queries, template) and prints the median and p95 over
--runs requests after one warm-up, the SQL query count and the load average.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_DEBUG", "0")

import seed_scale
from database import load_average


def _measure(client, urls: list[str]) -> tuple[float, float, float, int]:
    """Fastest, median and p95 wall time per request, median Python CPU time of the
    request (steady even when other work loads the machine), median SQL time, most
    queries. On a shared machine the fastest run is the closest to uncontended."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(urls[0])  # warm-up: session, caches, planner
    walls, cpus, sqls, counts = [], [], [], []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sqls.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        counts.append(len(ctx.captured_queries))
    walls.sort()
    p95 = walls[min(len(walls) - 1, math.ceil(len(walls) * 0.95) - 1)]
    return (
        walls[0],
        statistics.median(walls),
        p95,
        statistics.median(cpus),
        statistics.median(sqls),
        max(counts),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pqrs", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--database-url", default=None, help="default: bench_url(--pqrs)")
    args = parser.parse_args(argv)
    seed_scale.reuse_or_seed(
        pqrs=args.pqrs, customers=args.customers, database_url=args.database_url
    )
    print(load_average())

    from django.conf import settings
    from django.contrib.auth import get_user_model

    # DEBUG off (no query log) but without a collectstatic manifest: plain static URLs.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.test import Client
    from django.urls import reverse

    from pqr.models import Pqr, PqrType, Team

    User = get_user_model()
    agent = User.objects.get(username="bench_agent1_1")
    supervisor = User.objects.get(username="bench_supervisor1")
    reclamo = PqrType.objects.get(code="reclamo")
    queue = reverse("pqr:queue")
    as_agent = Client(HTTP_HOST="localhost")
    as_agent.force_login(agent)
    as_supervisor = Client(HTTP_HOST="localhost")
    as_supervisor.force_login(supervisor)
    filtered = f"{queue}?status=en_tramite&pqr_type={reclamo.pk}&q=cobro"
    team = Team.objects.filter(members=agent).first()
    rng = random.Random(7)
    recent_ids = list(
        Pqr.objects.filter(team=team, pqr_type=reclamo)
        .order_by("-id")
        .values_list("id", flat=True)[:2000]
    )
    detail_urls = [reverse("pqr:detail", args=[pk]) for pk in rng.sample(recent_ids, args.runs)]

    some = Pqr.objects.filter(team=team).order_by("-id").values_list("radicado", flat=True)[500]
    pages = [
        ("queue, first page (agent, team's open PQRs)", as_agent, queue),
        ("queue, first page (supervisor, all open PQRs)", as_supervisor, queue),
        ("queue, status+type+search 'cobro' (agent)", as_agent, filtered),
        ("queue, status+type+search 'cobro' (supervisor)", as_supervisor, filtered),
        ("queue, search by radicado (agent)", as_agent, f"{queue}?status=all&q={some}"),
        (
            "queue, search surname 'úsuga', all (supervisor)",
            as_supervisor,
            f"{queue}?status=all&q=úsuga",
        ),
        (
            "queue, overdue, newest first (supervisor)",
            as_supervisor,
            f"{queue}?due=overdue&sort=-created",
        ),
        ("queue, latest due first (supervisor)", as_supervisor, f"{queue}?sort=-due"),
        ("queue, page 40 (agent)", as_agent, f"{queue}?page=40"),
    ]
    rows = [(label, _measure(client, [url] * args.runs)) for label, client, url in pages]
    rows.append(
        (f"detail, {args.runs} different reclamos (agent)", _measure(as_agent, detail_urls))
    )
    print(f"{Pqr.objects.count():,} PQRs; {args.runs} requests per row after a warm-up")
    print(load_average())
    head = ("min", "median", "p95", "CPU", "SQL")
    print(f"{'page':<50} " + " ".join(f"{h:>9}" for h in head) + " queries")
    for label, (*times, queries) in rows:
        print(f"{label:<50} " + " ".join(f"{t:>6.1f} ms" for t in times) + f" {queries:>7}")


if __name__ == "__main__":
    main()
