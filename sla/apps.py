from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("Términos y ANS")

    def ready(self) -> None:
        from customers.erasure import register_personal_data_eraser
        from customers.holder_data import register_holder_data_provider
        from pqr.notification_status import (
            register_email_failed_listener,
            register_notification_failed_listener,
        )
        from sla import signals  # noqa: F401
        from sla.services import alert_email_failed, alert_notification_failed

        from .erasure import sla_personal_data_erase
        from .holder_data import sla_holder_data

        register_notification_failed_listener(alert_notification_failed)
        register_email_failed_listener(alert_email_failed)
        register_personal_data_eraser(sla_personal_data_erase)
        register_holder_data_provider(sla_holder_data)
