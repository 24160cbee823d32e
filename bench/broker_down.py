"""Time a public filing and a resolution while the Celery broker is unreachable.

    .venv/bin/python bench/broker_down.py [--runs 10] [--mode refused|blackhole]

`refused`: the broker's port answers nothing (connection refused at once, Redis
stopped). `blackhole`: packets to the broker vanish (10.255.255.1, a network cut), so
every connect waits its timeout. Both go through the real views (Django test client,
real commits, so the on_commit publishes run). Prints median and worst time with the
load average; the target
is under 1 s each (issue 12). Nothing is lost: the outbox rows written are counted.
Database: pqrdesk_bench_broker (created and migrated on first use, bench/database.py).
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

BROKERS = {"refused": "redis://127.0.0.1:1/0", "blackhole": "redis://10.255.255.1:6379/0"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--mode", choices=sorted(BROKERS), default="refused")
    args = parser.parse_args()
    os.environ["CELERY_BROKER_URL"] = os.environ["CELERY_RESULT_BACKEND"] = BROKERS[args.mode]
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    os.environ["PQRDESK_PUBLIC_FORM_RATE_LIMIT"] = "100000"

    from bench.database import django_on_bench_db

    django_on_bench_db("pqrdesk_bench_broker", fresh=False)
    from django.test import Client
    from django.urls import reverse

    from core.roles import Role
    from pqr.models import CustomerEmail, Pqr, PqrType, Team
    from surveys.models import SatisfactionSurvey
    from tests.answers import answer_in_person
    from tests.factories import UserFactory

    agent = UserFactory(role=Role.AGENT)
    team = Team.objects.create(name=f"Bench {time.time_ns()}")
    team.members.add(agent)
    staff = Client(HTTP_HOST="127.0.0.1")
    staff.force_login(agent)
    public = Client(HTTP_HOST="127.0.0.1")
    peticion = PqrType.objects.get(code="peticion")
    filings, resolutions = [], []
    # Run 0 warms the process up (imports, templates, first connection) and is not counted.
    for i in range(args.runs + 1):
        stamp = time.time_ns() % 10**9
        data = {
            "pqr_type": peticion.pk,
            "subject": "Cobro duplicado del domicilio",
            "description": "Pagué el domicilio en la app y en la factura aparece dos veces.",
            "identification": "identified",
            "document_type": "CC",
            "document_number": f"{stamp}{i}"[-10:],
            "full_name": f"Cliente Banco {i}",
            "contact_email": f"bench{stamp}{i}@example.com",
            "consent": "on",
            "website": "",
        }
        start = time.perf_counter()
        response = public.post(reverse("pqr:public_create"), data)
        filing = time.perf_counter() - start
        assert response.status_code == 302, response.status_code
        pqr = Pqr.objects.order_by("-pk").first()
        Pqr.objects.filter(pk=pqr.pk).update(team=team, assigned_to=agent)
        pqr.refresh_from_db()
        answer_in_person(pqr, agent)
        start = time.perf_counter()
        response = staff.post(reverse("pqr:transition", args=[pqr.pk, "resolve"]), {"note": "x"})
        resolution = time.perf_counter() - start
        pqr.refresh_from_db()
        assert pqr.status == "resuelto", pqr.status
        if i:
            filings.append(filing)
            resolutions.append(resolution)
    load = os.getloadavg()
    print(f"broker {args.mode} ({BROKERS[args.mode]}), {args.runs} runs, load {load[0]:.2f}")
    for name, values in (("public filing", filings), ("resolution", resolutions)):
        print(
            f"  {name:14s} median {statistics.median(values) * 1000:6.0f} ms"
            f"   max {max(values) * 1000:6.0f} ms"
        )
    unsent = CustomerEmail.objects.filter(sent_at__isnull=True).count()
    pending = SatisfactionSurvey.objects.filter(sent_at__isnull=True).count()
    print(f"  rows waiting for the broker: {unsent} customer emails, {pending} survey invitations")


if __name__ == "__main__":
    main()
