from .roles import Role, has_role


def roles(request) -> dict[str, bool]:
    """Flags the navigation bar uses to show what the current role may use."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "is_agent": has_role(user, Role.AGENT),
        "is_supervisor": has_role(user, Role.SUPERVISOR),
        "is_administrator": has_role(user, Role.ADMIN),
    }
