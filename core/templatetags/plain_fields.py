"""Bootstrap filter fields rendered in Python, for the hot lists (issue 18).

`{{ form.status|as_crispy_field }}` renders each field through several templates and
each select option through one more; on the queue that was about a third of the page.
`{% plain_field form.status %}` writes the same markup (label, control, help, errors,
ids and names unchanged) straight from the bound field: text inputs, selects and
checkboxes, which is all a filter bar uses. Anything else falls back to the widget.
"""

from __future__ import annotations

import html

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


def _errors(field) -> SafeString:
    return format_html_join(
        "", '<div class="invalid-feedback d-block">{}</div>', ((e,) for e in field.errors)
    )


def _selected(value) -> set[str]:
    if value is None:
        return {""}
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return {str(value)}


# Lazy labels (the forms' class-level choices) translated once per language: each
# str() of a lazy string runs gettext through the catalogue's fallbacks. Keyed by the
# object, kept alive by the entry (so its id is not reused); cleared when it grows.
_LAZY_TEXT: dict[tuple[int, str | None], tuple[object, str]] = {}
_LAZY_TEXT_MAX = 2000


def _esc(value) -> str:
    """conditional_escape() without its SafeString wrapper: each option is one f-string
    (a select of 50 options went through format_html 50 times; issue 18)."""
    if isinstance(value, Promise):
        key = (id(value), get_language())
        hit = _LAZY_TEXT.get(key)
        if hit is None:
            if len(_LAZY_TEXT) >= _LAZY_TEXT_MAX:
                _LAZY_TEXT.clear()
            hit = _LAZY_TEXT[key] = (value, html.escape(str(value)))
        return hit[1]
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _options(choices, selected: set[str]) -> SafeString:
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # an <optgroup>
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', value, _options(label, selected))
            )
            continue
        value = "" if value is None else str(value)
        chosen = " selected" if value in selected else ""
        parts.append(f'<option value="{_esc(value)}"{chosen}>{_esc(label)}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label went through _esc


def _control(field, css: str) -> SafeString:
    attrs = {**field.field.widget.attrs, "name": field.html_name, "id": field.auto_id}
    attrs["class"] = " ".join(c for c in (css, attrs.get("class", "")) if c)
    if field.field.required and field.form.use_required_attribute:
        attrs["required"] = ""
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
    pairs = sorted((k, v) for k, v in attrs.items() if v is not None and v is not False)
    return format_html_join(" ", '{}="{}"', pairs)


@register.simple_tag
def plain_field(field) -> SafeString:
    widget = field.field.widget
    label = field.label
    if isinstance(widget, forms.CheckboxInput):
        checked = mark_safe(" checked") if field.value() else ""
        return format_html(
            '<div class="mb-3"><div class="form-check"><input type="checkbox" {}{}>'
            '<label class="form-check-label" for="{}">{}</label>{}</div></div>',
            _control(field, "form-check-input"),
            checked,
            field.auto_id,
            label,
            _errors(field),
        )
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        control = format_html(
            "<select {}>{}</select>",
            _control(field, "form-select"),
            _options(field.field.choices, _selected(field.value())),
        )
    elif isinstance(widget, forms.TextInput):
        value = field.value()
        control = format_html(
            '<input type="{}" {} value="{}">',
            widget.input_type,
            _control(field, "form-control"),
            "" if value is None else value,
        )
    elif isinstance(widget, forms.Input) and not isinstance(widget, forms.CheckboxInput):
        control = field.as_widget(attrs={"class": "form-control"})  # dates, numbers
    else:
        control = field.as_widget()
    return format_html(
        '<div class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
        field.auto_id,
        label,
        control,
        _errors(field),
    )


# --- the PQR page's forms (issue 18) ----------------------------------------------------
# `{% form_field form.note %}` writes what crispy's `as_crispy_field` writes for the
# fields those forms use (wrapper id, label with the required asterisk, control, help
# text, errors), selects without a template per option; other widgets (text, textarea,
# date, file) through their own single widget template. `{% form_fields form %}` is
# `{{ form|crispy }}`: non-field errors, each visible field, then the hidden ones.


def _form_control(field) -> SafeString:
    widget = field.field.widget
    invalid = " is-invalid" if field.errors else ""
    describedby = f"{field.auto_id}_error" if field.errors else ""
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        attrs = {**widget.attrs, "name": field.html_name, "id": field.auto_id}
        attrs["class"] = f"select form-select{invalid}"
        if field.field.required and field.form.use_required_attribute:
            attrs["required"] = ""
        if field.errors:
            attrs["aria-invalid"] = "true"
        if describedby or field.help_text:
            attrs["aria-describedby"] = describedby or f"{field.auto_id}_helptext"
        pairs = sorted((k, v) for k, v in attrs.items() if v is not None and v is not False)
        return format_html(
            "<select {}>{}</select>",
            format_html_join(" ", '{}="{}"', pairs),
            _options(field.field.choices, _selected(field.value())),
        )
    kind = {
        forms.Textarea: "textarea ",
        forms.DateInput: "dateinput ",
        forms.TextInput: "textinput ",
        forms.NumberInput: "numberinput ",
    }.get(type(widget), "")
    attrs = {"class": f"{kind}form-control{invalid}"}
    if describedby:
        attrs["aria-describedby"] = describedby
    return _widget_direct(field, attrs)


def _widget_direct(field, attrs: dict) -> SafeString:
    """What `field.as_widget(attrs=...)` renders for a textarea or a one-line input, from
    the widget's own context (attributes, value) without its two templates."""
    widget = field.field.widget
    value = field.value()
    if not isinstance(widget, forms.Textarea | Input) or (
        isinstance(widget, forms.ClearableFileInput) and value
    ):
        return field.as_widget(attrs=attrs)
    attrs = field.build_widget_attrs(attrs, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, value, attrs)["widget"]
    if isinstance(widget, forms.Textarea):
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            context["name"],
            flatatt(context["attrs"]),
            context["value"] or "",
        )
    shown = context["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        context["type"],
        context["name"],
        format_html(' value="{}"', shown) if shown is not None else "",
        flatatt(context["attrs"]),
    )


@register.simple_tag
def form_field(field) -> SafeString:
    if isinstance(field.field.widget, forms.CheckboxInput | forms.RadioSelect):
        return as_crispy_field(field)  # none on the PQR page: crispy's own markup
    required = field.field.required
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        field.auto_id,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )
    help_text = (
        format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text
        )
        if field.help_text
        else ""
    )
    errors = (
        format_html(
            '<div id="{}_error" class="invalid-feedback d-block">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, e) for n, e in enumerate(field.errors, 1)),
            ),
        )
        if field.errors
        else ""
    )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        field.auto_id,
        label,
        _form_control(field),
        help_text,
        errors,
    )


@register.simple_tag
def form_fields(form) -> SafeString:
    parts = []
    if form.non_field_errors():
        parts.append(
            format_html(
                '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                format_html_join("", "<li>{}</li>", ((e,) for e in form.non_field_errors())),
            )
        )
    parts += [form_field(f) for f in form.visible_fields()]
    parts += [str(f) for f in form.hidden_fields()]
    return mark_safe("".join(parts))  # noqa: S308 - every part went through format_html
