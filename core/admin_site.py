from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .roles import Role, has_role


class PqrAdminSite(admin.AdminSite):
    site_header = _("PQR Desk: administración")
    site_title = _("PQR Desk")
    index_title = _("Configuración de la oficina de PQR")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and has_role(user, Role.ADMIN)
