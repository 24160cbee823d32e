"""PQR Desk and django-helpdesk measured the same way, interleaved, with ratios.

    HD_VENV=... HD_PROJECT=... HD_DB=... .venv/bin/python bench/side_by_side.py
        [--rounds 3] [--pqrs 100000] [--hd-kit ../shared/bench/helpdesk]

The helpdesk side is the shared kit, run where it is (never copied here): first
`HD_RESULTS=/tmp/hd-results bash ../shared/bench/helpdesk/run.sh 100000` once (its
venv, project and database; HD_VENV, HD_PROJECT and HD_DB as for run.sh), then each
round of this script runs the kit's own `bench.py` measuring functions in its venv
(HD_DRIVER) and, in the same round, the matching PQR Desk pages in this process, with
the kit's method: 3 warm-ups,
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
`--ours-only "public lookup"` measures only those PQR Desk pages the same way (no kit).
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

WARM, RUNS, SPREAD, FILINGS = 3, 30, 33, 200
# The kit's own defaults (run.sh); override with the same environment variables.
HD_VENV, HD_PROJECT = "/tmp/helpdesk-venv", "/tmp/helpdesk-anchor"  # noqa: S108
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

    def pages(self) -> dict:
        from django.urls import reverse

        return {
            "dashboard": lambda i: self._get(self.staff, reverse("dashboards:sla")),
            "queue": lambda i: self._get(self.staff, reverse("pqr:queue")),
            "detail": lambda i: self._get(
                self.staff,
                reverse("pqr:detail", args=[self.detail_ids[i % len(self.detail_ids)]]),
            ),
            "public lookup": self._lookup,
        }

    def round(self) -> dict:
        out = {name: _median_ms(fn, RUNS) for name, fn in self.pages().items()}
        intake = measure_intake(FILINGS)
        out["intake"] = (intake["per_second"], intake["queries"])
        return out


# Run in the kit's venv: its own bench.py (imported from where it is, with its Django
# project) measures the five pairs with its own `measure`/`call`; the upstream-default
# variants (b1')/(c') of `bench.py pages` are left out (ten calls of ~3 s each).
HD_DRIVER = r"""
import json, re, sys, time
sys.path.insert(0, sys.argv[1])
import bench as kit
from django.contrib.auth.models import User
from django.test import Client
from helpdesk.models import Queue, Ticket
user = User.objects.get(username="staff01")
staff, anon = Client(), Client()
staff.force_login(user)
out = {"dashboard": [kit.measure("(a) dashboard", lambda i: staff.get("/dashboard/"))]}
html = staff.get("/tickets/").content.decode()
dt_url = "/datatables_ticket_list/" + re.search(
    r"datatables_ticket_list/([A-Za-z0-9+/=]*)", html).group(1)
params = kit.dt_params(user.usersettings_helpdesk.tickets_per_page)
out["queue"] = [kit.measure("(b1) list", lambda i: staff.get("/tickets/")),
                kit.measure("(b2) rows", lambda i: staff.get(dt_url, params))]
ids = kit.sample_ids(kit.WARM + kit.RUNS)
out["detail"] = [kit.measure("(c) detail", lambda i: staff.get(f"/tickets/{ids[i]}/"))]
pub = [kit.public_path(t) for t in Ticket.objects.filter(id__in=ids).order_by("id")]
out["public lookup"] = [kit.measure("(f) public view", lambda i: anon.get(pub[i]))]
q = Queue.objects.get(slug="support")
def submit(i):
    return anon.post("/tickets/submit/", {
        "queue": q.id, "title": f"Bench submission {i}", "priority": 3, "due_date": "",
        "submitter_email": f"customer{i % 1000:06d}@example.com",
        "body": "I cannot log in to the billing portal since this morning. " * 5})
for i in range(kit.WARM):
    kit.call(submit, i, 302)
t0 = time.perf_counter()
rows = [kit.call(submit, kit.WARM + i, 302) for i in range(int(sys.argv[2]))]
rate = len(rows) / (time.perf_counter() - t0)
out["intake"] = [{"median_ms": rate, "queries": sorted(r[1] for r in rows)[len(rows) // 2]}]
print("RESULT " + json.dumps({k: [(e["median_ms"], e["queries"]) for e in v]
                              for k, v in out.items()}))
"""


def helpdesk_round(kit: Path, filings: int) -> dict:
    """One round of the kit's measurements in its own venv: name -> (value, queries)."""
    venv = Path(os.environ.get("HD_VENV", HD_VENV))
    env = {
        **os.environ,
        "HD_PROJECT": os.environ.get("HD_PROJECT", HD_PROJECT),
        "DJANGO_SETTINGS_MODULE": "anchor.settings",  # the kit's project, not ours
    }
    python = str(venv / "bin" / "python")
    done = subprocess.run(
        [python, "-W", "ignore", "-c", HD_DRIVER, str(kit), str(filings)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    parts = json.loads(line.removeprefix("RESULT "))
    # the queue is the list page plus its rows request; intake is a rate
    return {
        name: (sum(v for v, _q in values), sum(q for _v, q in values))
        for name, values in parts.items()
    }


def _kit_default() -> Path:
    """../shared/bench/helpdesk next to the main checkout (or a worktree's parent)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "bench" / "helpdesk").is_dir():
            return base / "shared" / "bench" / "helpdesk"
    return ROOT.parent / "shared" / "bench" / "helpdesk"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pqrs", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--hd-kit", default=str(_kit_default()))
    parser.add_argument(
        "--ours-only",
        default="",
        help='pages measured on PQR Desk alone, no kit, e.g. "public lookup,queue"',
    )
    args = parser.parse_args(argv)
    kit = Path(args.hd_kit)
    reuse_or_seed(pqrs=args.pqrs, customers=args.customers, database_url=args.database_url)
    ours = PqrDesk()
    if args.ours_only:
        pages = ours.pages()
        for r in range(args.rounds):
            print(f"round {r + 1}: {load_average()}")
            for name in (n.strip() for n in args.ours_only.split(",")):
                ms, queries = _median_ms(pages[name], RUNS)
                print(f"  {name:14} PQR Desk {ms:8.1f} ms, {queries} queries")
        return
    rounds = []
    for r in range(args.rounds):
        first_ours = r % 2 == 0
        load_before = load_average()
        if first_ours:
            mine, theirs = ours.round(), helpdesk_round(kit, FILINGS)
        else:
            theirs, mine = helpdesk_round(kit, FILINGS), ours.round()
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
