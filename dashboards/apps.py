from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Tableros e informes")

    def ready(self) -> None:
        # Imports here: the registries can only be loaded once apps are ready.
        from core.home import register_home_panel
        from pqr.assignment_hooks import register_assignment_listener

        from .home import workday_panel
        from .live import on_assignment

        register_home_panel(workday_panel)
        register_assignment_listener(on_assignment)
