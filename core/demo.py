"""Demo staff: one user per role, with passwords printed by seed_demo."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .roles import Role

DEMO_USERS = [
    # username, password, role, first name, last name
    ("agente", "agente-demo-2026", Role.AGENT, "Laura", "Gómez"),
    ("agente2", "agente-demo-2026", Role.AGENT, "Andrés", "Patiño"),
    ("agente3", "agente-demo-2026", Role.AGENT, "Paola", "Ríos"),
    ("agente4", "agente-demo-2026", Role.AGENT, "Camilo", "Suárez"),
    ("agente5", "agente-demo-2026", Role.AGENT, "Natalia", "Vélez"),
    ("agente6", "agente-demo-2026", Role.AGENT, "Felipe", "Arango"),
    ("supervisor", "supervisor-demo-2026", Role.SUPERVISOR, "Carolina", "Restrepo"),
    ("admin", "admin-demo-2026", Role.ADMIN, "Jorge", "Morales"),
]


def seed(stdout) -> list[str]:
    """Create or refresh the demo users; return the credential lines to print."""
    user_model = get_user_model()
    lines = []
    for username, password, role, first, last in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@pqrdesk.local"},
        )
        user.set_password(password)
        user.is_staff = role == Role.ADMIN
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        lines.append(f"  {role.label:<14} usuario: {username:<11} clave: {password}")
    return lines
