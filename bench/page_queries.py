"""Time of each SQL query of a page, on a bench database (where a page's time goes).

    .venv/bin/python bench/page_queries.py /tableros/ "/tableros/?preset=semester" \
        [--pqrs 100000] [--user bench_supervisor1] [--runs 3]

Requests each URL through Django's test Client (one warm-up, then `--runs` times) as
the given user and prints, per query in page order, the median of its wall time (as
Django's debug cursor records it, in ms) and the start of its SQL, with the load
average. Reuses the bench database of bench/seed_scale.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_DEBUG", "1")  # the debug cursor records each query's time

from bench.database import load_average  # noqa: E402
from bench.seed_scale import reuse_or_seed  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--pqrs", type=int, default=1_000_000)
    parser.add_argument("--user", default="bench_supervisor1")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    reuse_or_seed(pqrs=args.pqrs)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    print(load_average())
    for url in args.urls:
        client.get(url)
        runs = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            runs.append([(float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries])
        print(f"== {url}: {len(runs[0])} queries")
        for i, (_ms, sql) in enumerate(runs[0]):
            median = statistics.median(run[i][0] for run in runs if i < len(run))
            print(f"{median:8.1f} ms  {' '.join(sql.split())[:110]}")
    print(load_average())


if __name__ == "__main__":
    main()
