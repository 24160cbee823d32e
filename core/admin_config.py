from django.contrib.admin.apps import AdminConfig


class PqrAdminConfig(AdminConfig):
    """The Django admin, open to the Administrador role only."""

    default_site = "core.admin_site.PqrAdminSite"
