"""PQR Desk and django-helpdesk measured the same way, interleaved, with ratios.

    .venv/bin/python bench/side_by_side.py [--rounds 3] [--pqrs 100000]
        [--hd-kit ../shared/bench/helpdesk] [--hd-results /tmp/hd-results]

The helpdesk side is the shared kit, run where it is (never copied here): first
`HD_RESULTS=/tmp/hd-results bash ../shared/bench/helpdesk/run.sh 100000` once (its
venv, project and database; HD_VENV, HD_PROJECT and HD_DB as for run.sh), then each
round of this script runs the kit's `bench.py pages` in its own venv and, in the same
round, the matching PQR Desk pages in this process, with the kit's method: 3 warm-ups,
30 timed calls through Django's test Client, median; detail and public lookup rotate
over 33 records spread over the id range; intake is 200 sequential anonymous POSTs of
the public form (bench/public_intake.py). Rounds alternate which app goes first.

PQR Desk uses the bench database of bench/seed_scale.py for --pqrs (100,000:
`pqrdesk_bench_100k`, or --database-url; seed it with `seed_scale.py --pqrs 100000
--customers 50000` to match the kit's N/2 customers). Pairs compared (helpdesk / ours):
- queue: (b1) list page + (b2) its DataTables JSON (the rows) / our queue page, rows
  included, as a supervisor (all open PQRs, like the kit's superuser);
- detail: (c) ticket page / PQR page;
- dashboard: (a) dashboard / SLA dashboard, last 30 days;
- public lookup: (f) public ticket view / our lookup POST plus the status page it
  redirects to (one completed lookup each);
- intake: (d) public submit / public form filing, in filings per second.
Ratio > 1 means PQR Desk is faster. Prints the load average of each round.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_DEBUG", "0")

from bench.database import load_average  # noqa: E402
from bench.public_intake import measure_intake  # noqa: E402
from bench.seed_scale import reuse_or_seed  # noqa: E402

WARM, RUNS, SPREAD = 3, 30, 33
# The kit's own defaults (run.sh); override with the same environment variables.
HD_VENV, HD_PROJECT, HD_RESULTS = "/tmp/helpdesk-venv", "/tmp/helpdesk-anchor", "/tmp/hd-results"  # noqa: S108
HD_NAMES = {
    "dashboard": ["(a) dashboard GET /dashboard/"],
    "queue": ["(b1) ticket list page GET /tickets/", "(b2) datatables JSON"],
    "detail": ["(c) ticket detail GET /tickets/<id>/"],
    "public lookup": ["(f) public ticket view GET /view/?ticket=.."],
}


def _median_ms(fn, n_calls: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(WARM):
        fn(i)
    walls, queries = [], []
    for i in range(WARM, WARM + n_calls):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            fn(i)
            walls.append((time.perf_counter() - t0) * 1000)
        queries.append(len(ctx.captured_queries))
    return statistics.median(walls), int(statistics.median(queries))


def _spread(qs, k: int) -> list:
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // k)
    return ids[::step][:k]


class PqrDesk:
    def __init__(self):
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client

        from dashboards import rollups
        from pqr.models import Pqr

        if not rollups.rollups_built():  # Celery's work on a running install
            rollups.rollups_refresh(days_back=rollups.HISTORY_DAYS)
        settings.STORAGES["staticfiles"] = {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
        settings.PUBLIC_FORM_RATE_LIMIT = 10**9
        settings.PUBLIC_LOOKUP_RADICADO_FAILURES = 10**9
        self.staff = Client(HTTP_HOST="localhost")
        self.staff.force_login(get_user_model().objects.get(username="bench_supervisor1"))
        self.public = Client(HTTP_HOST="localhost")
        self.detail_ids = _spread(Pqr.objects.all(), SPREAD)
        self.lookups = list(
            Pqr.objects.filter(
                pk__in=_spread(Pqr.objects.exclude(contact_email=""), SPREAD)
            ).values_list("radicado", "contact_email")
        )

    def _get(self, client, url, **data):
        response = client.get(url, data)
        assert response.status_code == 200, (url, response.status_code)

    def _lookup(self, i):
        from django.urls import reverse

        radicado, email = self.lookups[i % len(self.lookups)]
        response = self.public.post(
            reverse("pqr:public_lookup"), {"radicado": radicado, "identifier": email}
        )
        assert response.status_code == 302, response.status_code
        self._get(self.public, reverse("pqr:public_status"))

    def round(self) -> dict:
        from django.urls import reverse

        pages = {
            "dashboard": lambda i: self._get(self.staff, reverse("dashboards:sla")),
            "queue": lambda i: self._get(self.staff, reverse("pqr:queue")),
            "detail": lambda i: self._get(
                self.staff,
                reverse("pqr:detail", args=[self.detail_ids[i % len(self.detail_ids)]]),
            ),
            "public lookup": self._lookup,
        }
        out = {name: _median_ms(fn, RUNS) for name, fn in pages.items()}
        intake = measure_intake(200)
        out["intake"] = (intake["per_second"], intake["queries"])
        return out


def helpdesk_round(kit: Path, results: Path, n: int) -> dict:
    venv = Path(os.environ.get("HD_VENV", HD_VENV))
    out = results / f"side_by_side_{n}.json"
    env = {**os.environ, "HD_PROJECT": os.environ.get("HD_PROJECT", HD_PROJECT)}
    python = str(venv / "bin" / "python")
    subprocess.run(  # noqa: S603
        [python, "-W", "ignore::RuntimeWarning", str(kit / "bench.py"), "pages", "--out", str(out)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    endpoints = json.loads(out.read_text())["endpoints"]

    def find(prefix):
        return next(e for e in endpoints if e["name"].startswith(prefix))

    row = {}
    for name, prefixes in HD_NAMES.items():
        found = [find(p) for p in prefixes]
        row[name] = (sum(e["median_ms"] for e in found), sum(e["queries"] for e in found))
    submit = find("(d) public submit")
    row["intake"] = (submit["tickets_per_s"], submit["queries"])
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pqrs", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--hd-kit", default=str(ROOT.parent / "shared" / "bench" / "helpdesk"))
    parser.add_argument("--hd-results", default=os.environ.get("HD_RESULTS", HD_RESULTS))
    args = parser.parse_args(argv)
    kit, results = Path(args.hd_kit), Path(args.hd_results)
    results.mkdir(parents=True, exist_ok=True)
    reuse_or_seed(pqrs=args.pqrs, customers=args.customers, database_url=args.database_url)
    ours = PqrDesk()
    rounds = []
    for r in range(args.rounds):
        first_ours = r % 2 == 0
        load_before = load_average()
        if first_ours:
            mine, theirs = ours.round(), helpdesk_round(kit, results, r)
        else:
            theirs, mine = helpdesk_round(kit, results, r), ours.round()
        rounds.append((mine, theirs))
        print(
            f"round {r + 1} ({'PQR Desk' if first_ours else 'helpdesk'} first): "
            f"{load_before} -> {load_average()}"
        )
        for name in ("queue", "detail", "dashboard", "public lookup", "intake"):
            print(f"  {name:14} PQR Desk {mine[name][0]:8.1f}  helpdesk {theirs[name][0]:8.1f}")
    print("\n| measure | PQR Desk | django-helpdesk | ratio (x faster) | queries (ours / theirs) |")
    print("|---|---:|---:|---:|---|")
    for name in ("queue", "detail", "dashboard", "public lookup", "intake"):
        mine = statistics.median(r[0][name][0] for r in rounds)
        theirs = statistics.median(r[1][name][0] for r in rounds)
        q_mine, q_theirs = rounds[-1][0][name][1], rounds[-1][1][name][1]
        if name == "intake":
            ratio, unit = mine / theirs, "filings/s"
        else:
            ratio, unit = theirs / mine, "ms"
        print(
            f"| {name} | {mine:.1f} {unit} | {theirs:.1f} {unit} | {ratio:.2f} | "
            f"{q_mine} / {q_theirs} |"
        )
    print(f"\nmedians over {len(rounds)} interleaved rounds; {load_average()}")


if __name__ == "__main__":
    main()
