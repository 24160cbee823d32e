"""Public intake over HTTP: PQR Desk and django-helpdesk under gunicorn, interleaved.

    HD_VENV=... HD_PROJECT=... HD_DB=... .venv/bin/python bench/http_intake.py
        [--rounds 3] [--clients 8] [--filings 400] [--pqrs 100000] [--database-url ...]

Both apps run the way the kit's loadtest runs helpdesk (../shared/bench/helpdesk,
loadtest.sh): gunicorn with 2 sync workers on 127.0.0.1, DEBUG off, CONN_MAX_AGE 60.
The helpdesk side is the kit's project and database as its run.sh left them (run it
first: `HD_RESULTS=/tmp/hd-results bash ../shared/bench/helpdesk/run.sh 100000`; its
project is used where it is, nothing is copied here); PQR Desk runs on the bench
database of bench/seed_scale.py for --pqrs (100,000: `pqrdesk_bench_100k`).

Each round, for each app in turn (rounds alternate which goes first): `--clients`
threads, each with its own keep-alive connection and cookies, GET the public form once
(the CSRF token, as a browser does) and then POST `--filings / --clients` filings one
after the other; every POST must answer 302 (a ticket / a PQR filed). Throughput =
filings / wall time of the round. Forms: PQR Desk's anonymous public form (the one
bench/public_intake.py posts); helpdesk's /tickets/submit/ with the kit's (d) fields.
Prints each round with the load average before and after and the CPU the app's
gunicorn processes used per filing (/proc; PostgreSQL's share is not in it), then the
medians and the ratio (> 1: PQR Desk files more per second). The PQRs filed are
deleted afterwards, so the bench database keeps its size; the helpdesk tickets stay in
the kit's database.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_DEBUG", "0")

from bench.database import load_average  # noqa: E402
from bench.seed_scale import reuse_or_seed  # noqa: E402

HD_VENV, HD_PROJECT, HD_DB = "/tmp/helpdesk-venv", "/tmp/helpdesk-anchor", "helpdesk_anchor"  # noqa: S108
PORTS = {"PQR Desk": 8791, "helpdesk": 8792}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One client: a keep-alive connection and its cookies."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Host": "127.0.0.1", "Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.conn.port}{path}"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            self.cookies.update({k: m.value for k, m in cookie.items()})
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, text


class Side:
    name = ""
    path = ""

    def __init__(self, port: int):
        self.port = port
        self.proc: subprocess.Popen | None = None

    def command(self) -> tuple[list[str], dict, str]:
        raise NotImplementedError

    def form(self, i: int) -> dict:
        raise NotImplementedError

    def start(self, log: Path) -> None:
        args, env, cwd = self.command()
        self.log = log.open("ab")
        self.proc = subprocess.Popen(
            args, env=env, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT
        )
        for _ in range(150):
            try:
                if Browser(self.port).request("GET", self.path)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start; see {log}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def client(self, first: int, count: int, errors: list) -> None:
        browser = Browser(self.port)
        status, page = browser.request("GET", self.path)
        match = TOKEN.search(page)
        if status != 200 or not match:
            errors.append(f"{self.name}: form page {status}")
            return
        for i in range(first, first + count):
            status, _body = browser.request(
                "POST", self.path, {"csrfmiddlewaretoken": match.group(1), **self.form(i)}
            )
            if status != 302:
                errors.append(f"{self.name}: POST {status}")
                return

    def cpu_seconds(self) -> float:
        """User + system CPU of the gunicorn master and its workers so far (/proc)."""
        tick = os.sysconf("SC_CLK_TCK")
        pids = [self.proc.pid]
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        pids += [int(p) for p in children.read_text().split()]
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / tick

    def run(self, filings: int, clients: int, offset: int) -> tuple[float, float]:
        """(filings per second, app CPU ms per filing)."""
        errors: list[str] = []
        share = filings // clients
        threads = [
            threading.Thread(target=self.client, args=(offset + c * share, share, errors))
            for c in range(clients)
        ]
        cpu, started = self.cpu_seconds(), time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall, cpu = time.perf_counter() - started, self.cpu_seconds() - cpu
        if errors:
            raise RuntimeError("; ".join(errors[:5]))
        # The CPU includes each client's one GET of the form (clients out of filings).
        return share * clients / wall, cpu * 1000 / (share * clients)


class PqrDesk(Side):
    name = "PQR Desk"

    def __init__(self, port: int, database_url: str, queja_id: int, path: str):
        super().__init__(port)
        self.database_url, self.queja_id, self.path = database_url, queja_id, path

    def command(self):
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "0",
            "PQRDESK_PUBLIC_FORM_RATE_LIMIT": str(10**9),  # one address files them all
        }
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        args = [gunicorn, "config.wsgi:application", "--workers", "2"]
        return [*args, "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"], env, ROOT

    def form(self, i: int) -> dict:
        from bench.public_intake import _filing

        return _filing(i, self.queja_id)


class Helpdesk(Side):
    name, path = "helpdesk", "/tickets/submit/"

    def __init__(self, port: int, queue_id: int):
        super().__init__(port)
        self.queue_id = queue_id

    def command(self):
        venv = Path(os.environ.get("HD_VENV", HD_VENV))
        project = os.environ.get("HD_PROJECT", HD_PROJECT)
        env = {
            **os.environ,
            "HD_DB": os.environ.get("HD_DB", HD_DB),
            "DJANGO_SETTINGS_MODULE": "anchor.settings",
        }
        env.pop("DATABASE_URL", None)
        args = [str(venv / "bin" / "gunicorn"), "anchor.wsgi:application", "--chdir", project]
        args += ["--workers", "2", "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"]
        return args, env, project

    def form(self, i: int) -> dict:
        return {  # the kit's (d) submit (bench.py / side_by_side.HD_DRIVER)
            "queue": self.queue_id,
            "title": f"Bench submission {i}",
            "priority": 3,
            "due_date": "",
            "submitter_email": f"customer{i % 1000:06d}@example.com",
            "body": "I cannot log in to the billing portal since this morning. " * 5,
        }


def _helpdesk_queue_id() -> int:
    import psycopg2

    db = os.environ.get("HD_DB", HD_DB)
    with psycopg2.connect(dbname=db, host="/var/run/postgresql") as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM helpdesk_queue WHERE slug = 'support'")
        return cur.fetchone()[0]


def _static_ready() -> None:
    """The form page needs the static manifest with DEBUG off (collectstatic once)."""
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--filings", type=int, default=400)
    parser.add_argument("--pqrs", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--logs", default="/tmp/http-intake-logs")  # noqa: S108
    args = parser.parse_args(argv)
    reuse_or_seed(pqrs=args.pqrs, customers=args.customers, database_url=args.database_url)
    from django.db import connection
    from django.urls import reverse

    from pqr.models import Pqr, PqrType

    _static_ready()
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    last = Pqr.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ours = PqrDesk(
        PORTS["PQR Desk"], url, PqrType.objects.get(code="queja").pk, reverse("pqr:public_create")
    )
    theirs = Helpdesk(PORTS["helpdesk"], _helpdesk_queue_id())
    connection.close()
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    print(
        f"{args.clients} concurrent clients, {args.filings} filings per app and round, "
        "gunicorn 2 sync workers each"
    )
    rates: dict[str, list[float]] = {"PQR Desk": [], "helpdesk": []}
    cpus: dict[str, list[float]] = {"PQR Desk": [], "helpdesk": []}
    try:
        for side in (ours, theirs):
            side.start(logs / f"{side.port}.log")
            side.run(args.clients * 3, args.clients, offset=10**6)  # warm-up
        for r in range(args.rounds):
            order = (ours, theirs) if r % 2 == 0 else (theirs, ours)
            line = [f"round {r + 1}:"]
            for side in order:
                before = load_average()
                rate, cpu = side.run(args.filings, args.clients, offset=(r + 1) * 10**5)
                rates[side.name].append(rate)
                cpus[side.name].append(cpu)
                line.append(
                    f"{side.name} {rate:.1f} filings/s, app CPU {cpu:.1f} ms per filing "
                    f"({before} -> {load_average()})"
                )
            print("  ".join(line))
    finally:
        for side in (ours, theirs):
            side.stop()
        filed = Pqr.objects.filter(pk__gt=last)
        print(f"deleting the {filed.count()} PQRs filed by this run")
        filed.delete()
    mine, hd = statistics.median(rates["PQR Desk"]), statistics.median(rates["helpdesk"])
    cpu_mine, cpu_hd = statistics.median(cpus["PQR Desk"]), statistics.median(cpus["helpdesk"])
    print(
        f"\nmedian over {args.rounds} rounds: PQR Desk {mine:.1f} filings/s, helpdesk "
        f"{hd:.1f} filings/s, ratio {mine / hd:.2f}x; app CPU per filing (gunicorn "
        f"processes) {cpu_mine:.1f} ms vs {cpu_hd:.1f} ms; {load_average()}"
    )


if __name__ == "__main__":
    main()
