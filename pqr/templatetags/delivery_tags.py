"""`{% delivery_fields form %}`: "how is the customer told" of a decision, written in
Python (issue 18).

The PQR page shows two to five of these fieldsets (the answer, each decision offered,
each failed notification to send again). Included as `pqr/_delivery_fields.html`
each cost about 0.7 ms: some forty lookups on bound fields and filters. The tag writes
the same markup, character for character, from the same bound fields and the same
strings; `tests/pqr/test_delivery_fields.py` compares it with that template (kept
there verbatim) for every state.
"""

from __future__ import annotations

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.templatetags.plain_fields import _esc

register = template.Library()

# conditional_escape(), with the forms' lazy labels and help texts translated once per
# language and process (plain_fields: each str() of a lazy text runs gettext through
# the catalogue's fallbacks; a fieldset has some seventeen).
_e = _esc


def _errors(errors) -> str:
    return "".join(f'<div class="text-danger">{_e(error)}</div>' for error in errors)


def _block(value) -> str:
    """{{ value|default:"" }}"""
    return _e(value or "")


@register.simple_tag(takes_context=True)
def delivery_fields(context, form) -> SafeString:
    if not form:  # every caller shows a fieldset only for a decision it offers
        return mark_safe("")
    f = {name: form[name] for name in form.fields}
    channel, notified_on, constancia = f["channel"], f["notified_on"], f["constancia"]
    address, guide, notice, evidence = (
        f["address"],
        f["guide_number"],
        f["notice_text"],
        f["evidence"],
    )
    if form.has_email:
        to = render_value_in_context(context.get("recipient", ""), context)
        said = gettext("Por correo a %(to)s, salvo que elija otro canal.") % {"to": to}
        intro = (
            '\n    <p class="mb-1 text-body-secondary"><i class="bi bi-envelope" '
            f'aria-hidden="true"></i> {said}</p>\n  '
        )
    else:
        warning = _e(
            gettext(
                "Esta PQR no tiene correo: el cliente no se enteraría. Elija cómo se le comunica."
            )
        )
        intro = (
            '\n    <div class="alert alert-warning py-1 px-2 mb-2" role="alert" '
            'data-testid="no-channel-warning"><i class="bi bi-exclamation-triangle" '
            f'aria-hidden="true"></i> {warning}</div>\n  '
        )
    chosen = str(channel.value())
    options = "".join(
        f'<option value="{_e(value)}"{" selected" if chosen == str(value) else ""}>'
        f"{_e(label)}</option>"
        for value, label in channel.field.choices
    )
    date_value = notified_on.value()
    date_text = _e(date_filter(date_value, "Y-m-d") or date_value or "")

    def ids(field) -> tuple[str, str, str]:
        return _e(field.id_for_label), _e(field.label), _e(field.html_name)

    ch_id, ch_label, ch_name = ids(channel)
    no_id, no_label, no_name = ids(notified_on)
    co_id, co_label, co_name = ids(constancia)
    ad_id, ad_label, ad_name = ids(address)
    gu_id, gu_label, gu_name = ids(guide)
    nt_id, nt_label, nt_name = ids(notice)
    ev_id, ev_label, ev_name = ids(evidence)
    required = "" if form.has_email else " required"
    legend = _e(gettext("Notificación al cliente"))
    return mark_safe(  # noqa: S308 - every value escaped above
        "\n"
        '<fieldset class="border rounded p-2 mb-2 small" data-delivery>\n'
        '  <legend class="fs-6 fw-semibold mb-1 float-none w-auto px-1">'
        f"{legend}</legend>\n"
        f"  {intro}\n"
        f"  {_errors(form.non_field_errors())}\n"
        f'  <label class="form-label mb-0" for="{ch_id}">{ch_label}</label>\n'
        f'  <select class="form-select form-select-sm mb-1" name="{ch_name}" id="{ch_id}" '
        f"data-channel{required}>\n"
        f"    {options}\n"
        "  </select>\n"
        '  <div data-for="in_person phone post">\n'
        f'    <label class="form-label mb-0" for="{no_id}">{no_label}</label>\n'
        f'    <input class="form-control form-control-sm mb-1" type="date" name="{no_name}" '
        f'id="{no_id}" value="{date_text}">\n'
        f"    {_errors(notified_on.errors)}\n"
        "  </div>\n"
        '  <div data-for="in_person phone">\n'
        f'    <label class="form-label mb-0" for="{co_id}">{co_label}</label>\n'
        f'    <textarea class="form-control form-control-sm mb-1" rows="2" name="{co_name}" '
        f'id="{co_id}" aria-describedby="{co_id}-help">{_block(constancia.value())}</textarea>\n'
        f'    <div class="form-text mt-0 mb-1" id="{co_id}-help">{_e(constancia.help_text)}</div>\n'
        "  </div>\n"
        '  <div data-for="post phone">\n'
        f'    <label class="form-label mb-0" for="{ad_id}">{ad_label}</label>\n'
        f'    <input class="form-control form-control-sm mb-1" name="{ad_name}" id="{ad_id}" '
        f'value="{_block(address.value())}" maxlength="254">\n'
        "  </div>\n"
        '  <div data-for="post">\n'
        f'    <label class="form-label mb-0" for="{gu_id}">{gu_label}</label>\n'
        f'    <input class="form-control form-control-sm mb-1" name="{gu_name}" id="{gu_id}" '
        f'value="{_block(guide.value())}" maxlength="60">\n'
        "  </div>\n"
        '  <div data-for="notice">\n'
        f'    <label class="form-label mb-0" for="{nt_id}">{nt_label}</label>\n'
        f'    <textarea class="form-control form-control-sm mb-1" rows="3" name="{nt_name}" '
        f'id="{nt_id}">{_block(notice.value())}</textarea>\n'
        f'    <div class="form-text mt-0 mb-1">{_e(notice.help_text)}</div>\n'
        "  </div>\n"
        '  <div data-for="in_person phone post notice">\n'
        f'    <label class="form-label mb-0" for="{ev_id}">{ev_label}</label>\n'
        f'    <input class="form-control form-control-sm" type="file" name="{ev_name}" '
        f'id="{ev_id}">\n'
        "  </div>\n"
        "</fieldset>\n"
    )
