"""The three staff roles, as Django groups, and the checks every staff view uses.

Roles are ordered: an administrator may do what a supervisor may, and a supervisor
what an agent may. Superusers count as administrators.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group, Permission
from django.db import models
from django.utils.translation import gettext_lazy as _

# Our own apps: the Administrador group is granted every permission on their models.
PROJECT_APPS = (
    "core",
    "customers",
    "pqr",
    "sla",
    "surveys",
    "dashboards",
    "api",
    "mailboxes",
)


class Role(models.TextChoices):
    AGENT = "Agente", _("Agente")
    SUPERVISOR = "Supervisor", _("Supervisor")
    ADMIN = "Administrador", _("Administrador")


# Users, login attempts (unlock) and two-step devices (remove a lost phone's).
SECURITY_APPS = ("auth", "axes", "otp_totp")

ROLE_RANK = {Role.AGENT: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}


def role_rank(user: AbstractBaseUser | AnonymousUser) -> int:
    """Highest rank among the user's roles; 0 for anonymous or role-less users."""
    if not user.is_authenticated or not user.is_active:
        return 0
    if user.is_superuser:
        return ROLE_RANK[Role.ADMIN]
    cached = getattr(user, "_pqr_role_rank", None)
    if cached is None:
        names = user.groups.values_list("name", flat=True)
        cached = max((ROLE_RANK.get(name, 0) for name in names), default=0)
        user._pqr_role_rank = cached
    return cached


def has_role(user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    """True when the user holds `role` or a higher one."""
    return role_rank(user) >= ROLE_RANK[role]


def highest_role(user: AbstractBaseUser | AnonymousUser) -> Role | None:
    rank = role_rank(user)
    for role, value in ROLE_RANK.items():
        if value == rank:
            return role
    return None


def grant_administrator_permissions(sender, using="default", **kwargs) -> None:
    """Keep the Administrador group holding every permission of our apps and of auth.

    Runs after each migrate so that models added later are covered too.
    """
    group = Group.objects.using(using).filter(name=Role.ADMIN).first()
    if group is None:
        return
    perms = Permission.objects.using(using).filter(
        content_type__app_label__in=(*PROJECT_APPS, *SECURITY_APPS)
    )
    group.permissions.add(*perms)
