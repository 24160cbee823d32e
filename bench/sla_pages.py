"""Time the SLA administration pages and count their queries at two data sizes.

DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python bench/sla_pages.py
Builds the separate database pqrdesk_bench_slapages, then renders each page with the
Django test client (no test-runner instrumentation), 30 times, printing the median
and p95 in ms and the number of queries, first with a small data set and then with
many extra non-working days, policies, legal-term edits and notifications.
"""

import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
DB = "pqrdesk_bench_slapages"

from bench.database import django_on_bench_db, drop_bench_db, load_average  # noqa: E402

django_on_bench_db(DB, fresh=True)

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from pqr.models import Channel, PqrType, Team  # noqa: E402
from sla.models import (  # noqa: E402
    Alert,
    LegalTerm,
    LegalTermChange,
    NonWorkingDay,
    Notification,
    SlaPolicy,
)

settings.ALLOWED_HOSTS = ["*"]
settings.CELERY_TASK_ALWAYS_EAGER = True
user = get_user_model().objects.create_user("bench.admin")
user.groups.add(Group.objects.get(name="Administrador"))
client = Client()
client.force_login(user)
agent = get_user_model().objects.create_user("bench.agent")
agent.groups.add(Group.objects.get(name="Agente"))
agent_client = Client()
agent_client.force_login(agent)
peticion = PqrType.objects.get(code="peticion")
CHECK = f"?year=2026&pqr_type={peticion.pk}&received_on=2026-03-16&received_time=10:00"
PAGES = {
    "calendar + due-date check": reverse("sla:calendar") + CHECK,
    "policies": reverse("sla:policies"),
    "legal terms + history": reverse("sla:legal_terms"),
    "notifications + digest": reverse("sla:notifications"),
    "notifications (agent)": reverse("sla:notifications"),
    "organisation": reverse("sla:organization"),
}


def measure(label: str) -> None:
    print(f"-- {label}")
    for name, url in PAGES.items():
        # The agent's bell is scoped to the PQRs they may see (sla.inbox): its own row.
        browser = agent_client if name.endswith("(agent)") else client
        assert browser.get(url).status_code == 200
        reset_queries()  # request_started clears the log; start the capture from zero
        with CaptureQueriesContext(connection) as ctx:
            browser.get(url)
        runs, cpu = [], []
        for _ in range(30):
            start, start_cpu = time.perf_counter(), time.process_time()
            browser.get(url)
            runs.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        runs.sort()
        p95 = runs[int(len(runs) * 0.95) - 1]
        print(
            f"{name:28} queries={len(ctx.captured_queries):2}  "
            f"median={statistics.median(runs):6.1f} ms  p95={p95:6.1f} ms  "
            f"cpu median={statistics.median(cpu):6.1f} ms"
        )


def grow() -> None:
    NonWorkingDay.objects.bulk_create(
        NonWorkingDay(day=date(2026, 1, 2) + timedelta(days=3 * i), reason=f"Cierre {i}")
        for i in range(100)
    )
    team = Team.objects.create(name="Bench")
    SlaPolicy.objects.bulk_create(
        SlaPolicy(
            name=f"Regla {i}",
            order=i,
            pqr_type=peticion,
            team=team,
            channel=Channel.WEB,
            first_response_value=4,
            resolution_value=5,
        )
        for i in range(200)
    )
    term = LegalTerm.objects.get(pqr_type=peticion)
    LegalTermChange.objects.bulk_create(
        LegalTermChange(term=term, actor=user, field=field, old_value="15", new_value="14")
        for i in range(500)
        for field in ("days", "reason")
    )
    from tests.pqr.factories import make_pqr

    pqr = make_pqr(actor=user, team=team)
    alerts = Alert.objects.bulk_create(
        Alert(pqr=pqr, kind="warning", threshold=str(i)) for i in range(2000)
    )
    Notification.objects.bulk_create(Notification(user=user, alert=a) for a in alerts)
    # The agent is in the team: every one of their 2,000 notifications is visible.
    team.members.add(agent)
    Notification.objects.bulk_create(Notification(user=agent, alert=a) for a in alerts)


measure("small: seeded legal terms only, no extra days, policies or notifications")
grow()
measure("large: 100 extra days, 200 policies, 1,000 audit rows, 2,000 notifications")
print(load_average())
drop_bench_db(DB)
