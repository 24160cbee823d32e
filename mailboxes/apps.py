from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailboxConfig(AppConfig):
    name = "mailboxes"
    verbose_name = _("Buzones de correo")

    def ready(self) -> None:
        from customers.erasure import register_personal_data_eraser
        from customers.holder_data import register_holder_data_provider
        from pqr.reply_address import register_reply_address_provider
        from pqr.timeline import register_pqr_timeline_provider

        from .erasure import inbound_holder_data, inbound_personal_data_erase
        from .selectors import inbound_timeline_entries
        from .threads import reply_address_for

        register_reply_address_provider(reply_address_for)
        register_pqr_timeline_provider(inbound_timeline_entries)
        register_personal_data_eraser(inbound_personal_data_erase)
        register_holder_data_provider(inbound_holder_data)
