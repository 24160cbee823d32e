"""Time computing 100,000 due dates from the cached calendar (no database).

DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python bench/sla_due_dates.py
"""

import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
import django

django.setup()
from bench.database import load_average  # noqa: E402
from sla.calendar import BOGOTA, BusinessCalendar  # noqa: E402
from sla.services import deadlines_compute  # noqa: E402

N = 100_000


def main() -> None:
    cal = BusinessCalendar()
    term = SimpleNamespace(days=15)
    rng = random.Random(1)
    base = datetime(2026, 1, 1, tzinfo=BOGOTA)
    pqrs = [
        SimpleNamespace(received_at=base + timedelta(minutes=rng.randrange(0, 525_600)))
        for _ in range(N)
    ]
    for y in range(2026, 2028):
        cal.business_days_of(y)
    runs = []
    for _ in range(7):
        t0 = time.perf_counter()
        for p in pqrs:
            deadlines_compute(pqr=p, cal=cal, policy=None, term=term)
        runs.append(time.perf_counter() - t0)
    runs.sort()
    print(f"{N} due dates: median {statistics.median(runs):.3f} s, p95 {runs[-1]:.3f} s")
    print(load_average())


if __name__ == "__main__":
    main()
