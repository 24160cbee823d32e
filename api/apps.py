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
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import WebhookEndpoint
        from .webhooks import webhook_endpoints_changed

        for signal in (post_save, post_delete):
            signal.connect(
                webhook_endpoints_changed, sender=WebhookEndpoint, dispatch_uid="wh-kept"
            )
        m2m_changed.connect(
            webhook_endpoints_changed, sender=WebhookEndpoint.teams.through, dispatch_uid="wh-teams"
        )
        register_personal_data_eraser(api_personal_data_erase)
