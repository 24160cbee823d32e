"""Server time and query count of every dashboard page at production scale.

    .venv/bin/python bench/dashboards.py [--runs 7]

Uses the bench database of bench/seed_scale.py as it is (1,000,000 PQRs, 300,000 survey
responses; seeded only when empty; --pqrs 100000 uses pqrdesk_bench_100k). Each page
is requested through Django's test client as a supervisor (and the personal pages as
the busiest agent): the figure is the whole request (queries, Python, template),
without network or static files.
Targets (issue 18): SLA dashboard 30 days < 60 ms and semester < 120 ms, causes 30 days
< 120 ms; other dashboards < 500 ms, semester report < 1 s.

    --save run.json     keep the medians of this run
    --compare run.json  also print each page's ratio to a saved run (e.g. 1M vs 100k:
                        the issue asks for at most 1.2x)
    --pages sla,causes  only the pages whose label contains one of these words
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.database import load_average  # noqa: E402
from bench.seed_scale import reuse_or_seed  # noqa: E402

# (label, url name, query string, target in ms, who)
PAGES = [
    ("SLA dashboard, last 30 days", "dashboards:sla", "", 60, "supervisor"),
    ("SLA dashboard, this semester", "dashboards:sla", "preset=semester", 120, "supervisor"),
    ("SLA dashboard, personal (agent)", "dashboards:sla", "", 300, "agent"),
    ("Workload", "dashboards:workload", "", 500, "supervisor"),
    ("Workload, personal (agent)", "dashboards:workload", "", 500, "agent"),
    ("Satisfaction, last 30 days", "dashboards:satisfaction", "", 500, "supervisor"),
    ("Satisfaction, semester", "dashboards:satisfaction", "preset=semester", 500, "supervisor"),
    ("Causes, last 30 days", "dashboards:causes", "", 120, "supervisor"),
    ("Causes, this semester", "dashboards:causes", "preset=semester", 500, "supervisor"),
    ("PQRS report, semester", "dashboards:report_pqrs", "preset=semester", 1000, "supervisor"),
    (
        "Information report, semester",
        "dashboards:report_information",
        "preset=semester",
        1000,
        "supervisor",
    ),
]


def _users():
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    from pqr.models import OPEN_STATUSES

    users = get_user_model().objects
    supervisor = users.filter(Q(is_superuser=True) | Q(groups__name="Supervisor")).first()
    agent = (
        users.filter(groups__name="Agente")
        .annotate(n=Count("assigned_pqrs", filter=Q(assigned_pqrs__status__in=OPEN_STATUSES)))
        .order_by("-n")
        .first()
    )
    return {"supervisor": supervisor, "agent": agent}


def _measure(client, url: str, runs: int) -> tuple[list[float], list[float], int, int]:
    """Wall and CPU (this process: Python, not PostgreSQL) milliseconds per request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (calendar, templates, plans)
    times, cpus = [], []
    queries = 0
    status = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        queries, status = len(ctx.captured_queries), response.status_code
    return times, cpus, queries, status


def _time_rollups() -> None:
    """The Celery work that keeps the dashboards fast: full history once, then the
    five-minute refresh (last two days plus the open-PQR snapshot)."""
    from dashboards import rollups

    t0 = time.perf_counter()
    written = rollups.rollups_refresh(days_back=rollups.HISTORY_DAYS)
    full = time.perf_counter() - t0
    t0 = time.perf_counter()
    rollups.rollups_refresh(days_back=2)
    print(
        f"rollups: full rebuild {full:.1f} s ({written['daily']:,} daily rows, "
        f"{written['snapshot']:,} snapshot rows); 5-minute refresh "
        f"{time.perf_counter() - t0:.1f} s"
    )
    # The rebuild deleted and rewrote every rollup row. On a server autovacuum vacuums
    # those tables within a minute; this machine has it off (bench.database).
    from django.db import connection

    from bench.database import vacuum_like_autovacuum

    vacuum_like_autovacuum(connection)
    print()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pqrs", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None, help="default: bench_url(--pqrs)")
    parser.add_argument(
        "--pages", default="", help="only the pages whose label contains one of these (a,b)"
    )
    parser.add_argument("--save", default=None, help="write the medians to this JSON file")
    parser.add_argument("--compare", default=None, help="a --save file to print ratios to")
    args = parser.parse_args(argv)
    before = json.loads(Path(args.compare).read_text()) if args.compare else {}
    reuse_or_seed(pqrs=args.pqrs, surveys=300_000, database_url=args.database_url)
    print(load_average())

    from django.conf import settings
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from pqr.models import Pqr

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    clients = {}
    for role, user in _users().items():
        clients[role] = Client()
        clients[role].force_login(user)
    print(f"{Pqr.objects.count():,} PQRs; {args.runs} runs per page after one warm-up\n")
    _time_rollups()
    ratio_head = f"  {'x wall':>7} {'x CPU':>6}  (vs {before['pqrs']:,} PQRs)" if before else ""
    print(
        f"{'page':38} {'median':>8} {'p95':>8} {'CPU':>8} {'queries':>8} {'target':>7}  ok"
        + ratio_head
    )
    saved = {"pqrs": Pqr.objects.count(), "pages": {}}
    wanted = [word.strip().lower() for word in args.pages.split(",") if word.strip()]
    for label, name, query, target, who in PAGES:
        if wanted and not any(word in label.lower() for word in wanted):
            continue
        try:
            url = reverse(name) + (f"?{query}" if query else "")
        except NoReverseMatch:
            print(f"{label:38} (not built yet)")
            continue
        times, cpus, queries, status = _measure(clients[who], url, args.runs)
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
        cpu = statistics.median(cpus)
        ok = "yes" if status == 200 and p95 < target else f"NO ({status})"
        saved["pages"][label] = {"median": median, "cpu": cpu, "queries": queries}
        ratios = ""
        if label in before.get("pages", {}):
            old = before["pages"][label]
            ratios = f"  {median / old['median']:6.2f}x {cpu / old['cpu']:5.2f}x"
        print(
            f"{label:38} {median:7.0f}ms {p95:7.0f}ms {cpu:6.1f}ms {queries:8d} {target:5d}ms"
            f"  {ok:3}{ratios}"
        )
    print(load_average())
    if args.save:
        Path(args.save).write_text(json.dumps(saved, indent=1))


if __name__ == "__main__":
    main()
