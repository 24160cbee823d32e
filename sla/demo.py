"""Demo SLA data: organisation settings, a few policies, one extra non-working day,
and alerts/notifications for demo PQRs (idempotent)."""

from datetime import date, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sla.models import NonWorkingDay, Notification, Organization, SlaPolicy, TargetUnit
from sla.services import deadlines_recompute
from sla.sweep import sweep_run


def seed(stdout) -> list[str]:
    with transaction.atomic():
        Organization.objects.update_or_create(
            pk=1,
            defaults={
                "name": "Servicios Demo S.A.S.",
                "working_weekdays": [0, 1, 2, 3, 4],
                "office_start": time(8, 0),
                "office_end": time(17, 0),
                "cutoff": time(16, 30),
                # Letterhead of the formal letters.
                "nit": "900.123.456-8",
                "address": "Carrera 7 # 71-21, piso 4",
                "city": "Bogotá D.C.",
                "phone": "601 745 0000",
            },
        )
        policies = [
            ("Riesgo para la vida", 1, "riesgo_vida", 1, TargetUnit.HOURS, 1, TargetUnit.DAYS),
            (
                "Derecho fundamental",
                2,
                "derecho_fundamental",
                4,
                TargetUnit.HOURS,
                5,
                TargetUnit.DAYS,
            ),
            ("General", 100, "", 8, TargetUnit.HOURS, 10, TargetUnit.DAYS),
        ]
        for name, order, priority, frv, fru, rv, ru in policies:
            SlaPolicy.objects.update_or_create(
                name=name,
                defaults={
                    "order": order,
                    "priority": priority,
                    "first_response_value": frv,
                    "first_response_unit": fru,
                    "resolution_value": rv,
                    "resolution_unit": ru,
                },
            )
        year = timezone.localdate().year
        NonWorkingDay.objects.get_or_create(
            day=date(year, 12, 24), defaults={"reason": "Cierre de fin de año"}
        )
    deadlines_recompute()
    sweep_run()
    # What the staff already saw: notifications of more than two days ago are read.
    seen = timezone.now() - timedelta(days=2)
    Notification.objects.filter(created_at__lt=seen, read_at__isnull=True).update(
        read_at=F("created_at") + timedelta(hours=3)
    )
    return []
