from functools import cache

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
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


def _attr(value) -> str:
    return conditional_escape(value if isinstance(value, str) else str(value))


@register.simple_tag
def inline_radios(bound_field) -> SafeString:
    """The protocol checklist's radios (issue 18): for each choice, the markup of
    `<div class="form-check form-check-inline mb-0">{{ radio.tag }}<label ...>`
    written here instead of through Django's three widget templates per radio (18 per
    page). `tests/pqr/test_inline_radios.py` compares it with the template loop."""
    parts = []
    for radio in bound_field.subwidgets:
        data = radio.data
        attrs = "".join(
            f" {_attr(name)}" if value is True else f' {_attr(name)}="{_attr(value)}"'
            for name, value in data["attrs"].items()
            if value is not False
        )
        value = "" if data["value"] is None else f' value="{_attr(data["value"])}"'
        parts.append(
            '<div class="form-check form-check-inline mb-0">'
            f'<input type="{_attr(data["type"])}" name="{_attr(data["name"])}"{value}{attrs}>'
            f'<label class="form-check-label" for="{_attr(radio.id_for_label)}">'
            f"{conditional_escape(radio.choice_label)}</label></div>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
