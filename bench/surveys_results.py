"""Time the survey results page aggregates on 200,000 responses.

DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python bench/surveys_results.py
Builds its data with generate_series in the separate database pqrdesk_bench_surveys.
"""

import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
DB = "pqrdesk_bench_surveys"

from bench.database import django_on_bench_db, load_average  # noqa: E402

django_on_bench_db(DB, fresh=True)

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from surveys import selectors  # noqa: E402

N = 200_000
with connection.cursor() as cur:
    cur.execute(
        'INSERT INTO surveys_pointofservice (name, is_active, "order") '
        "SELECT 'Sede ' || g, true, g FROM generate_series(1, 8) g"
    )
    cur.execute(
        "INSERT INTO surveys_satisfactionsurvey (source, language, status, created_at, sent_at)"
        " SELECT CASE WHEN g %% 4 = 0 THEN 'general' ELSE 'pqr' END, 'es-co',"
        " CASE WHEN g %% 5 = 0 THEN 'pending' ELSE 'answered' END,"
        " now() - (g %% 365) * interval '1 day', now() - (g %% 365) * interval '1 day'"
        " FROM generate_series(1, %s) g",
        [N],
    )
    cur.execute(
        "INSERT INTO surveys_surveyresponse (survey_id, score, courtesy, comment,"
        " point_of_service_id, contact_name, contact_email, contact_phone, answered_at,"
        " updated_at)"
        " SELECT s.id, 1 + (s.id * 7) % 5, CASE WHEN s.id % 2 = 0 THEN 1 + s.id % 5 END,"
        " CASE WHEN s.id % 10 = 0 THEN 'Comentario ' || s.id ELSE '' END,"
        " CASE WHEN s.source = 'general' THEN 1 + s.id % 8 END, '', '', '',"
        " s.sent_at + interval '2 hours', s.sent_at + interval '2 hours'"
        " FROM surveys_satisfactionsurvey s WHERE s.status = 'answered'"
    )
    cur.execute("ANALYZE")

user = get_user_model()(username="bench", is_superuser=True, is_active=True)
cases = {
    "all": {},
    "last 30 days": {"date_from": timezone.localdate() - timedelta(days=30)},
    "one point of service": {"point_of_service": 3},
}


def timed(fn, runs=15):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


for name, filters in cases.items():
    with CaptureQueriesContext(connection) as ctx:
        selectors.results_summary(user=user, filters=filters)
    median, p95 = timed(lambda f=filters: selectors.results_summary(user=user, filters=f))
    print(
        f"results_summary [{name}] {N} surveys: median {median:.1f} ms, p95 {p95:.1f} ms,"
        f" {len(ctx.captured_queries)} queries"
    )
    median, p95 = timed(lambda f=filters: list(selectors.comments_for(user=user, filters=f)[:20]))
    print(f"comments page 1 [{name}]: median {median:.1f} ms, p95 {p95:.1f} ms")
print(load_average())
