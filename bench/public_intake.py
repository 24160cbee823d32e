"""Public web-form intake, sequential and in-process, on the bench database.

    .venv/bin/python bench/public_intake.py [--filings 200] [--pqrs 1000000] [--profile]
        [--show-queries]

The same method as the django-helpdesk kit's (d) submit (../shared/bench/helpdesk):
3 warm-ups, then N sequential anonymous POSTs of the public form through Django's test
Client, each must redirect to the success page and file one PQR (radicado, SLA dates,
events, the acknowledgement row); throughput = N / total wall time. The filed PQRs are
deleted afterwards, so the shared bench database keeps its size. Prints the load
average, the median CPU time of a filing in this process (`time.process_time()`: the
steadier figure on a shared machine) and the queries per filing; --profile prints a
pyinstrument tree of the measured filings, --show-queries the SQL of the last one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_DEBUG", "0")

from bench.database import load_average  # noqa: E402
from bench.seed_scale import reuse_or_seed  # noqa: E402

WARM = 3


def _filing(i: int, queja_id: int) -> dict:
    return {
        "pqr_type": queja_id,
        "subject": f"Cobro repetido en la factura {i}",
        "description": "Pagué el domicilio en la aplicación y en la factura aparece dos veces. "
        * 3,
        "identification": "anonymous",
        "contact_email": f"cliente{i % 1000:06d}@example.com",
        "consent": "on",
        "website": "",
    }


def measure_intake(filings: int, *, profile: bool = False, show_queries: bool = False) -> dict:
    """Sequential public filings in this process; deletes what it filed."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from pqr.models import Pqr, PqrType

    settings.PUBLIC_FORM_RATE_LIMIT = 10**9  # one client files them all, as in the kit
    url = reverse("pqr:public_create")
    queja = PqrType.objects.get(code="queja").pk
    client = Client(HTTP_HOST="localhost")
    last = Pqr.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for i in range(WARM):
        assert client.post(url, _filing(i, queja)).status_code == 302
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    walls, cpus, queries = [], [], []
    started, cpu_started = time.perf_counter(), time.process_time()
    for i in range(filings):
        with CaptureQueriesContext(connection) as ctx:
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.post(url, _filing(WARM + i, queja))
            walls.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        assert response.status_code == 302, response.status_code
        queries.append(len(ctx.captured_queries))
    total, cpu_total = time.perf_counter() - started, time.process_time() - cpu_started
    if show_queries:
        for query in ctx.captured_queries:
            print(f"  {query['time']}s  {query['sql'][:300]}")
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))
    filed = Pqr.objects.filter(pk__gt=last)
    created = filed.count() - WARM
    assert created == filings, created
    filed.delete()
    return {
        "per_second": filings / total,
        "median_ms": statistics.median(walls),
        "cpu_ms": statistics.median(cpus),
        "cpu_per_second": filings / cpu_total if cpu_total else 0.0,
        "queries": int(statistics.median(queries)),
        "total_s": total,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--filings", type=int, default=200)
    parser.add_argument("--pqrs", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--show-queries", action="store_true")
    args = parser.parse_args(argv)
    reuse_or_seed(pqrs=args.pqrs, database_url=args.database_url)
    print(load_average())
    result = measure_intake(args.filings, profile=args.profile, show_queries=args.show_queries)
    print(
        f"public intake: {args.filings} sequential filings in {result['total_s']:.2f} s = "
        f"{result['per_second']:.1f} filings/s; median {result['median_ms']:.1f} ms wall, "
        f"{result['cpu_ms']:.1f} ms CPU (this process: {result['cpu_per_second']:.0f} "
        f"filings per CPU-second), {result['queries']} queries per filing"
    )
    print(load_average())


if __name__ == "__main__":
    main()
