"""Profile one staff page with pyinstrument on the bench database.

    .venv/bin/python bench/profile_page.py /pqr/ [--user bench_agent1_1] [--runs 20]
                                          [--pqrs 1000000] [--detail [--rich]] [--cprofile]

Requests the page through Django's test Client (after three warm-ups) `--runs` times
under pyinstrument and prints the call tree, the median wall and CPU time per request
and the load average. `--detail` profiles the PQR page of recent reclamos of the
user's team instead of a URL; `--rich` picks those with the longest history.
`--cprofile` uses cProfile instead and prints the 40 functions with the most own time
and the 60 with the most cumulative time: every Django frame, none hidden (its per-call
hook inflates the totals: compare counts, not times). Reuses the bench database of
bench/seed_scale.py.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default="/pqr/")
    parser.add_argument("--user", default="bench_agent1_1")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pqrs", type=int, default=1_000_000)
    parser.add_argument("--detail", action="store_true")
    parser.add_argument(
        "--rich",
        action="store_true",
        help="with --detail: the team's reclamos with the longest history",
    )
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args(argv)
    reuse_or_seed(pqrs=args.pqrs)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from pyinstrument import Profiler

    from pqr.models import Pqr

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    user = get_user_model().objects.get(username=args.user)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    urls = [args.url] * args.runs
    if args.detail:
        ids = (
            Pqr.objects.filter(team__members=user, pqr_type__code="reclamo")
            .order_by("-id")
            .values_list("id", flat=True)[: args.runs]
        )
        if args.rich:
            # Among the team's 5,000 newest reclamos: the most events and messages (the
            # seed writes no attachments, surveys or notifications on the 1M database).
            recent = list(
                Pqr.objects.filter(team__members=user, pqr_type__code="reclamo")
                .order_by("-id")
                .values_list("id", flat=True)[:5000]
            )
            ids = (
                Pqr.objects.filter(pk__in=recent)
                .annotate(history=Count("events", distinct=True) + Count("messages", distinct=True))
                .order_by("-history", "-id")
                .values_list("id", flat=True)[: args.runs]
            )
        urls = [reverse("pqr:detail", args=[pk]) for pk in ids]
    for url in urls[:3]:
        assert client.get(url).status_code == 200
    profiler = cProfile.Profile() if args.cprofile else Profiler(interval=0.0005)
    walls, cpus = [], []
    profiler.enable() if args.cprofile else profiler.start()
    for url in urls:
        t0, c0 = time.perf_counter(), time.process_time()
        client.get(url)
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((time.process_time() - c0) * 1000)
    if args.cprofile:
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(40)
        stats.sort_stats("cumulative").print_stats(60)
    else:
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))
    print(
        f"{len(urls)} requests: median wall {statistics.median(walls):.1f} ms, "
        f"median CPU {statistics.median(cpus):.1f} ms; {load_average()}"
    )


if __name__ == "__main__":
    main()
