import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app may ship a `demo` module with `seed(stdout) -> list[str]`; order matters.
# Each runs in one transaction unless it says it commits step by step itself.
DEMO_APPS = ("core", "customers", "pqr", "sla", "surveys", "dashboards")


class Command(BaseCommand):
    help = "Create demo data (idempotent): staff per role, then each app's own demo rows."

    def handle(self, *args, **options) -> None:
        lines: list[str] = []
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name not in (app, f"{app}.demo"):
                    raise
                continue
            if getattr(module, "MANAGES_TRANSACTIONS", False):
                lines.extend(module.seed(self.stdout) or [])
                continue
            with transaction.atomic():
                lines.extend(module.seed(self.stdout) or [])
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos."))
        for line in lines:
            self.stdout.write(line)
