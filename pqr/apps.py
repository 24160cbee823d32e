from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PqrConfig(AppConfig):
    name = "pqr"
    verbose_name = _("PQR")

    def ready(self) -> None:
        # Imports here: models and the registries can only be loaded once apps are ready.
        from customers.scoping import register_pqr_scope
        from customers.timeline import register_timeline_provider

        from .timeline import customer_pqr_entries
        from .visibility import pqr_visible_to

        register_timeline_provider(customer_pqr_entries)
        register_pqr_scope(pqr_visible_to)
