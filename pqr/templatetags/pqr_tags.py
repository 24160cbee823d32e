from django import template
from django.core.exceptions import FieldDoesNotExist

from pqr.models import Pqr, Status

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    try:
        return Status(code).label
    except ValueError:
        return code


@register.filter
def person(user, fallback: str = "—") -> str:
    """Full name, else username, else the fallback (system or customer actions)."""
    if user is None:
        return fallback
    return user.get_full_name() or user.username


@register.filter
def field_label(name: str) -> str:
    """The PQR field's Spanish name for FIELD events ("causa raíz", "prioridad", ...)."""
    try:
        return str(Pqr._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return ""
