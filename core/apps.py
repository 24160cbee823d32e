from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "PQR Desk"

    def ready(self) -> None:
        from .request_id import clear_on_request_finished
        from .roles import grant_administrator_permissions

        request_finished.connect(clear_on_request_finished, dispatch_uid="core-request-id-clear")
        post_migrate.connect(grant_administrator_permissions, dispatch_uid="core-admin-perms")
