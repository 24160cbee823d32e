"""Time the hourly survey-expiry job on 500,000 surveys.

DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python bench/surveys_expiry.py
Builds its data with generate_series in the separate database pqrdesk_bench_expiry:
a tenth of the surveys are pending, and half of those are past expires_at.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
DB = "pqrdesk_bench_expiry"

from bench.database import django_on_bench_db, load_average  # noqa: E402

django_on_bench_db(DB, fresh=True)

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from surveys.services import surveys_expire_due  # noqa: E402

N = 500_000
with connection.cursor() as cur:
    # Every 10th survey is pending; of those, the odd ones expired 1-30 days ago.
    cur.execute(
        "INSERT INTO surveys_satisfactionsurvey (source, language, status, created_at,"
        " sent_at, expires_at)"
        " SELECT 'general', 'es-co',"
        " CASE WHEN g %% 10 = 0 THEN 'pending' ELSE 'answered' END,"
        " now() - interval '40 days', now() - interval '40 days',"
        " now() + CASE WHEN g %% 20 = 10 THEN -1 ELSE 1 END * (1 + g %% 30) * interval '1 day'"
        " FROM generate_series(1, %s) g",
        [N],
    )
    cur.execute("ANALYZE")
    cur.execute(
        "SELECT count(*) FROM surveys_satisfactionsurvey"
        " WHERE status = 'pending' AND expires_at <= now()"
    )
    due = cur.fetchone()[0]

with CaptureQueriesContext(connection) as queries:
    start = time.perf_counter()
    expired = surveys_expire_due()
    first_run_ms = (time.perf_counter() - start) * 1000
assert expired == due, (expired, due)


def idle_runs() -> list[float]:
    samples = []
    for _ in range(15):
        start = time.perf_counter()
        surveys_expire_due()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def summary(samples: list[float]) -> str:
    p95 = samples[int(len(samples) * 0.95) - 1]
    return f"median {statistics.median(samples):.2f} ms, p95 {p95:.2f} ms"


# Right after the big run the partial index still holds the 25,000 dead entries;
# autovacuum removes them, which VACUUM stands in for here.
before_vacuum = idle_runs()
with connection.cursor() as cur:
    cur.execute("VACUUM ANALYZE surveys_satisfactionsurvey")
after_vacuum = idle_runs()

print(f"surveys: {N:,}, pending past expires_at: {due:,}")
print(f"first run: expired {expired:,} in {first_run_ms:.0f} ms, {len(queries)} SQL queries")
print(f"hourly run with nothing due, before vacuum: {summary(before_vacuum)}")
print(f"hourly run with nothing due, after vacuum: {summary(after_vacuum)}")
print(load_average())
