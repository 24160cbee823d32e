from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API e integraciones")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.domain_events import register_listener
        from customers.erasure import register_personal_data_eraser

        from . import schema  # noqa: F401  (registers the OpenAPI auth extensions)
        from .erasure import api_personal_data_erase
        from .webhooks import webhooks_outbox_write

        register_listener(webhooks_outbox_write)
        register_personal_data_eraser(api_personal_data_erase)
