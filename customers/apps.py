from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Clientes")

    def ready(self) -> None:
        from .providers import audit_entries, consent_entries, tag_entries
        from .timeline import register_timeline_provider

        register_timeline_provider(tag_entries)
        register_timeline_provider(consent_entries)
        register_timeline_provider(audit_entries)

        from .erasure import customer_rows_erase, register_personal_data_eraser

        register_personal_data_eraser(customer_rows_erase)
