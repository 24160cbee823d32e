from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PqrConfig(AppConfig):
    name = "pqr"
    verbose_name = _("PQR")

    def ready(self) -> None:
        # Imports here: models and the registries can only be loaded once apps are ready.
        from core.relay import register_relay
        from customers.erasure import register_personal_data_eraser
        from customers.holder_data import register_holder_data_provider
        from customers.scoping import register_pqr_scope
        from customers.timeline import register_timeline_provider

        from . import catalogue_version
        from .emails import customer_emails_requeue
        from .erasure import pqr_personal_data_erase
        from .holder_data import pqr_holder_data
        from .timeline import customer_pqr_entries
        from .visibility import pqr_visible_to

        register_timeline_provider(customer_pqr_entries)
        register_pqr_scope(pqr_visible_to)
        register_personal_data_eraser(pqr_personal_data_erase)
        register_holder_data_provider(pqr_holder_data)
        # The outbox relay publishes the customer emails public filings leave due.
        register_relay(customer_emails_requeue)
        catalogue_version.connect()
