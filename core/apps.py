from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "PQR Desk"

    def ready(self) -> None:
        from .roles import grant_administrator_permissions

        post_migrate.connect(grant_administrator_permissions, dispatch_uid="core-admin-perms")
