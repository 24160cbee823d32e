"""Time one SLA sweep when 1,000 of 200,000 open PQRs (1,000,000 in all) cross a
threshold, 14,000 crossing at one instant, and the due-date shift after an extra
non-working day.

    .venv/bin/python bench/sla_sweep.py [--runs 5] [--crossing 1000] [--same-instant 14000]
        [--python-recompute]

Uses the shared bench database of bench/seed_scale.py as it is (pqrdesk_bench, or
--database-url); it seeds only an empty one and never wipes a seeded one. Every
measured run happens inside a transaction that is rolled back, so runs are
repeatable and the shared data stays as it was; the Celery messages the sweep
publishes go to this checkout's Redis database and are purged afterwards. Prints
wall time, Python CPU time, the number of SQL queries and the load average.
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


class Rollback(Exception):
    pass


_PID = {}


def backend_cpu() -> float:
    """CPU seconds the PostgreSQL backend serving this connection has used (from
    /proc, same machine): with the work now in SQL, the Python CPU alone says little,
    and on a loaded machine CPU is steadier than wall time."""
    from django.db import connection

    if connection.connection is None or _PID.get("conn") is not connection.connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _PID.update(pid=cursor.fetchone()[0], conn=connection.connection)
    try:
        with open(f"/proc/{_PID['pid']}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:  # a database on another machine
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measured(fn):
    """(seconds, queries, result) of fn() inside a rolled-back transaction."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    out = {}
    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            out["result"] = fn()
            out["seconds"] = time.perf_counter() - t0
            out["queries"] = len(ctx.captured_queries)
            raise Rollback
    except Rollback:
        pass
    return out["seconds"], out["queries"], out["result"]


def _crossing_instant(n: int):
    """The instant by which exactly the n earliest pending thresholds have passed."""
    from sla.models import PqrClock

    marks = PqrClock.objects.filter(next_threshold_at__isnull=False).order_by("next_threshold_at")
    return marks.values_list("next_threshold_at", flat=True)[n - 1 : n].get()


def bench_sweep(runs: int, crossing: int) -> None:
    from pqr.models import OPEN_STATUSES, Pqr
    from sla.models import Alert, PqrClock
    from sla.selectors import rules_get
    from sla.sweep import sweep_run

    total = Pqr.objects.count()
    open_count = Pqr.objects.filter(status__in=OPEN_STATUSES).count()
    now = _crossing_instant(crossing)
    due = PqrClock.objects.filter(next_threshold_at__lte=now).count()
    print(f"PQRs {total:,}, open {open_count:,}; clocks crossing a threshold: {due:,}")
    rules_get()  # warm the process calendar cache, as in a running worker
    times, queries = [], set()
    for _ in range(runs):

        def sweep():
            queued = sweep_run(now=now)
            return queued, Alert.objects.count()

        seconds, n_queries, (queued, alerts) = _measured(sweep)
        times.append(seconds)
        queries.add(n_queries)
    print(
        f"sweep: {alerts:,} alerts created, {queued:,} queued; "
        f"median {statistics.median(times):.3f} s, max {max(times):.3f} s over {runs} runs; "
        f"queries per sweep {sorted(queries)}"
    )


def _same_instant(n: int):
    """Make n running clocks fall due at one instant, just before every other pending
    threshold (the end-of-day case: many PQRs due at the close of the same office
    day); returns that instant. Runs inside the measured, rolled-back transaction."""
    from datetime import timedelta

    from django.db import connection
    from django.db.models import Min

    from sla.models import PqrClock

    first = PqrClock.objects.aggregate(m=Min("next_threshold_at"))["m"]
    instant = first - timedelta(seconds=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_same ON COMMIT DROP AS SELECT pqr_id FROM sla_pqrclock "
            "WHERE next_threshold_at IS NOT NULL AND suspended_at IS NULL "
            "AND stopped_at IS NULL ORDER BY pqr_id LIMIT %s",
            [n],
        )
        cursor.execute(
            "UPDATE pqr_pqr SET due_at = %s FROM bench_same s WHERE pqr_pqr.id = s.pqr_id",
            [instant],
        )
        cursor.execute(
            "UPDATE sla_pqrclock SET next_threshold_at = %s FROM bench_same s "
            "WHERE sla_pqrclock.pqr_id = s.pqr_id",
            [instant],
        )
    return instant


def bench_same_instant(runs: int, n: int) -> None:
    """The sweep when n clocks cross at the same instant; only the sweep is timed."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from sla.models import Alert
    from sla.selectors import rules_get
    from sla.sweep import sweep_run

    rules_get()
    times, cpus, db_cpus, queries, alerts = [], [], [], set(), 0
    for _ in range(runs):
        try:
            with transaction.atomic():
                instant = _same_instant(n)
                before = Alert.objects.count()
                d0 = backend_cpu()
                with CaptureQueriesContext(connection) as ctx:
                    t0, c0 = time.perf_counter(), time.process_time()
                    queued = sweep_run(now=instant)
                    times.append(time.perf_counter() - t0)
                    cpus.append(time.process_time() - c0)
                db_cpus.append(backend_cpu() - d0)
                queries.add(len(ctx.captured_queries))
                alerts = Alert.objects.count() - before
                raise Rollback
        except Rollback:
            pass
    print(
        f"sweep, {n:,} clocks crossing at the same instant: {alerts:,} alerts created, "
        f"{queued:,} queued; median {statistics.median(times):.3f} s, max {max(times):.3f} s "
        f"over {runs} runs (Python CPU {statistics.median(cpus):.3f} s, database backend "
        f"CPU {statistics.median(db_cpus):.3f} s); queries per sweep {sorted(queries)}"
    )


def bench_recompute(python_pass: bool) -> None:
    """The set-based shift after an extra non-working day three days ahead (what the
    Celery task runs), or with `python_pass` the full Python recompute (the reference)."""
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from sla.models import NonWorkingDay
    from sla.recompute import recompute_open
    from sla.recompute_shift import deadlines_shift_for_day

    day = timezone.localdate() + timedelta(days=3)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    out = {}

    def recompute():
        # The signal bumps the calendar version; its after-commit task never fires here.
        NonWorkingDay.objects.create(day=day, reason="bench")
        d0 = backend_cpu()
        with CaptureQueriesContext(connection) as ctx:
            t0, c0 = time.perf_counter(), time.process_time()
            if python_pass:
                changed = recompute_open()
            else:
                changed = deadlines_shift_for_day(day=day, added=True)
            out["cpu"] = time.process_time() - c0
            out["wall"] = time.perf_counter() - t0
        out["queries"] = len(ctx.captured_queries)
        out["db_cpu"] = backend_cpu() - d0
        return changed

    _seconds, _n, changed = _measured(recompute)
    how = "full Python pass" if python_pass else "set-based shift"
    print(
        f"recompute after an extra non-working day ({how}): {changed:,} open PQRs moved "
        f"in {out['wall']:.2f} s (Python CPU {out['cpu']:.3f} s, database backend CPU "
        f"{out['db_cpu']:.2f} s) with {out['queries']} queries"
    )


def bench_shift_statements() -> None:
    """The shift's statements one by one: database backend CPU and wall time of each."""
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from pqr.models import OPEN_STATUSES, CustomerEmailKind, EventKind
    from sla import recompute_shift as shift
    from sla import selectors
    from sla.models import NonWorkingDay
    from sla.thresholds_sql import marks_params

    day = timezone.localdate() + timedelta(days=3)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    try:
        with transaction.atomic():
            NonWorkingDay.objects.create(day=day, reason="bench")
            now = timezone.now()
            params = {
                **marks_params(selectors.rules_get(), day.year),
                "day": day,
                "open": list(OPEN_STATUSES),
                "before": now,
                "now": now,
                "created": now,
                "tz": timezone.get_current_timezone_name(),
                "note": shift.MOVE_NOTE,
                "field_kind": EventKind.FIELD,
                "email_kind": CustomerEmailKind.DUE_DATE_MOVED,
            }
            steps = [
                ("work_mem", "SELECT set_config('work_mem', %s, true)", [shift.WORK_MEM]),
                ("PQRs to shift (temp table)", shift._shift_table_sql(True), params),
                ("statistics of the temp table", "ANALYZE sla_shift", None),
                ("UPDATE pqr_pqr", shift._write_sql(), None),
                ("events and customer emails", shift._events_and_emails_sql(), params),
                ("next thresholds, UPDATE sla_pqrclock", shift._next_sql(), params),
            ]
            with connection.cursor() as cursor:
                for name, sql, step_params in steps:
                    d0, t0 = backend_cpu(), time.perf_counter()
                    cursor.execute(sql, step_params)
                    print(
                        f"  shift step {name}: {cursor.rowcount:,} rows, database backend "
                        f"CPU {backend_cpu() - d0:.2f} s, wall {time.perf_counter() - t0:.2f} s"
                    )
            raise Rollback
    except Rollback:
        pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--crossing", type=int, default=1000)
    parser.add_argument("--skip-recompute", action="store_true")
    parser.add_argument(
        "--python-recompute", action="store_true", help="also time the full Python pass"
    )
    parser.add_argument(
        "--shift-statements", action="store_true", help="time each statement of the shift"
    )
    parser.add_argument(
        "--same-instant", type=int, default=14_000, help="clocks crossing at one instant (0: skip)"
    )
    parser.add_argument("--database-url", default=None, help="default: the 1M bench database")
    args = parser.parse_args(argv)
    from bench.database import load_average
    from bench.seed_scale import reuse_or_seed

    reuse_or_seed(database_url=args.database_url)
    from config.celery import app

    try:
        print(load_average())
        bench_sweep(args.runs, args.crossing)
        if args.same_instant:
            bench_same_instant(args.runs, args.same_instant)
        if not args.skip_recompute:
            bench_recompute(python_pass=False)
            if args.python_recompute:
                bench_recompute(python_pass=True)
            if args.shift_statements:
                bench_shift_statements()
        print(load_average())
    finally:
        app.control.purge()


if __name__ == "__main__":
    main()
