"""Scopes: a key holds some of intake/read/write/reports; a staff session holds what its
role allows (reports are for supervisors, as in the UI)."""

from rest_framework.permissions import BasePermission

from core.roles import Role, has_role

from .models import ApiKey, Scope

SESSION_ROLE_FOR_SCOPE = {
    Scope.INTAKE: Role.AGENT,
    Scope.READ: Role.AGENT,
    Scope.WRITE: Role.AGENT,
    Scope.REPORTS: Role.SUPERVISOR,
}


def required_scope(request, view) -> str:
    scopes = getattr(view, "required_scopes", None)
    if scopes:
        return scopes.get(request.method, scopes.get("*", Scope.READ))
    return getattr(view, "required_scope", Scope.READ)


class HasScope(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        scope = required_scope(request, view)
        if isinstance(request.auth, ApiKey):
            return scope in request.auth.scopes
        return has_role(user, SESSION_ROLE_FOR_SCOPE[Scope(scope)])
