from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API e integraciones")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.domain_events import register_listener

        from . import schema  # noqa: F401  (registers the OpenAPI auth extensions)
        from .webhooks import webhooks_outbox_write

        register_listener(webhooks_outbox_write)
