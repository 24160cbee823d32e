from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .roles import Role, has_role


class PqrAdminSite(admin.AdminSite):
    site_header = _("PQR Desk: administración")
    site_title = _("PQR Desk")
    index_title = _("Configuración de la oficina de PQR")

    def login(self, request, extra_context=None):
        """One sign-in for everybody: the staff login, with its throttle and TOTP code."""
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url, reverse("login"))

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and has_role(user, Role.ADMIN)
