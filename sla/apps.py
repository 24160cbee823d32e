from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("Términos y ANS")

    def ready(self) -> None:
        from pqr.notification_status import register_notification_failed_listener
        from sla import signals  # noqa: F401
        from sla.services import alert_notification_failed

        register_notification_failed_listener(alert_notification_failed)
