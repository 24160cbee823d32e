from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PqrConfig(AppConfig):
    name = "pqr"
    verbose_name = _("PQR")

    def ready(self) -> None:
        from customers.timeline import register_timeline_provider

        from .timeline import customer_pqr_entries

        register_timeline_provider(customer_pqr_entries)
