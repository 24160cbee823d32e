"""Tags of the public pages."""

import threading

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.utils.translation import get_language

register = template.Library()

_lock = threading.Lock()
# (form class, field name, language) -> the field's HTML while its form is unbound.
_kept: dict[tuple, str] = {}


@register.filter
def crispy_kept(field) -> str:
    """`as_crispy_field`, rendered once per process and language for a field of an
    empty form: the public form's fields read the same for every visitor, and their
    crispy templates were three quarters of the form page's time (issue 18). A bound
    form (errors to show, values typed) renders as usual. Only for fields whose choices
    and texts come from the code (the PQR types, a catalogue, are rendered each time)."""
    form = field.form
    if form.is_bound or form.initial or form.prefix:
        return as_crispy_field(field)
    key = (type(form), field.name, get_language())
    html = _kept.get(key)
    if html is None:
        html = as_crispy_field(field)
        with _lock:
            _kept[key] = html
    return html


def crispy_kept_forget() -> None:
    """Tests: a test may change what the fields say (settings, translations)."""
    with _lock:
        _kept.clear()
