from functools import cache

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html
from django.utils.translation import get_language

from pqr.models import Pqr, Status

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    try:
        return Status(code).label
    except ValueError:
        return code


STATUS_TONES = {
    "radicado": "primary",
    "reabierto": "primary",
    "asignado": "info",
    "en_tramite": "info",
    "en_espera_cliente": "warning",
    "resuelto": "success",
    "cerrado": "success",
}


@register.simple_tag
def status_badge(status: str, text: str):
    """The coloured state badge (queue rows, PQR page), written without a template."""
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', STATUS_TONES.get(status, "secondary"), text
    )


@cache
def _choice_labels(model, name: str, language: str | None) -> dict[str, str]:
    return {str(value): str(label) for value, label in model._meta.get_field(name).flatchoices}


def choice_labels(model, name: str) -> dict[str, str]:
    """The field's {value: label} table in the active language (computed once each)."""
    return _choice_labels(model, name, get_language())


@register.filter
def label(obj, name: str) -> str:
    """`{{ pqr|label:"channel" }}`: what `get_channel_display` shows, from a per-language
    table. Django's `get_FOO_display` hashes (so translates) every choice label on
    each call: 75 calls on the queue's page were a tenth of its time (issue 18)."""
    value = getattr(obj, name)
    return _choice_labels(type(obj), name, get_language()).get(str(value), value)


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
