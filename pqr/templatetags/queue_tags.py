"""The queue's per-row pieces written in Python (issue 18: 25 rows on every queue view).

`sla/_due_badge.html` and `pqr/_assign_me_row.html` are templates: included once per
row they cost about 0.3 ms a row in template nodes, `{% blocktranslate %}`, `{% url %}`
and `{% csrf_token %}`. These tags write the same markup from the same decision
(`sla.badges.due_state`) and the same strings; the page-wide parts (calendar, CSRF
field, return address, URL prefixes) are computed once per page.
`tests/pqr/test_queue_rows.py` compares their output with the templates' for every
kind of badge, so the two cannot drift apart.
"""

from __future__ import annotations

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from sla.badges import due_state
from sla.selectors import calendar_get

register = template.Library()

_SENTINEL = 987654321


def _page_value(context, key: str, make):
    """Computed once per page render (the first row), kept in the page's context."""
    store = context.dicts[0]
    if key not in store:
        store[key] = make()
    return store[key]


def _url_maker(name: str):
    """reverse() for one pk without resolving the pattern on every row."""
    before, after = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    return lambda pk: f"{before}{pk}{after}"


@register.simple_tag(takes_context=True)
def queue_detail_url(context, pqr) -> str:
    return _page_value(context, "_queue_detail_url", lambda: _url_maker("pqr:detail"))(pqr.pk)


def _date(value, fmt: str) -> str:
    return formats.date_format(timezone.localtime(value), fmt)


def _n(value) -> str:
    # What {% blocktranslate %} shows for a number: localized ("3,5" in Spanish).
    return conditional_escape(formats.localize(value))


def _dated(kind: str, pqr, tone: str, text: str) -> SafeString:
    return format_html(
        '<span class="text-nowrap" data-due="{}"><span class="small" data-due-date>{}</span> '
        '<span class="badge {}" title="{}">{}</span></span>',
        kind,
        _date(pqr.due_at, "SHORT_DATE_FORMAT"),
        tone,
        _date(pqr.due_at, "SHORT_DATETIME_FORMAT"),
        text,
    )


@register.simple_tag(takes_context=True)
def queue_due_badge(context, pqr) -> SafeString:
    """What `{% include "sla/_due_badge.html" %}` writes for `pqr`."""
    cal = context.get("sla_calendar") or _page_value(context, "_sla_calendar", calendar_get)
    st = due_state(pqr, now=timezone.now(), cal=cal)
    if st.kind == "paused":
        extra = ""
        if st.customer_due_on:
            day = _date_only(st.customer_due_on)
            if st.customer_late:
                text = gettext("plazo del ciudadano venció el %(d)s") % {"d": day}
            else:
                text = gettext("ciudadano hasta el %(d)s") % {"d": day}
            extra = format_html(" · {}", mark_safe(text))  # noqa: S308 - a date in our string
        return format_html(
            '<span class="badge text-bg-info text-nowrap" data-due="paused" title="{}">'
            '<i class="bi bi-pause-circle" aria-hidden="true"></i> {}{}</span>',
            gettext("Término suspendido mientras el ciudadano completa la petición"),
            gettext("En pausa"),
            extra,
        )
    if st.kind == "overdue":
        if st.days:
            text = ngettext(
                "vencida hace %(d)s día hábil", "vencida hace %(d)s días hábiles", st.days
            ) % {"d": _n(st.days)}
        else:
            text = conditional_escape(gettext("vencida hoy"))
        icon = mark_safe('<i class="bi bi-exclamation-octagon" aria-hidden="true"></i> ')
        return _dated("overdue", pqr, "text-bg-danger", icon + mark_safe(text))  # noqa: S308
    if st.kind == "today":
        text = gettext("vence hoy (%(h)s h hábiles)") % {"h": _n(st.hours)}
        return _dated("today", pqr, "text-bg-warning", mark_safe(text))  # noqa: S308
    if st.kind == "days":
        text = ngettext("vence en %(d)s día hábil", "vence en %(d)s días hábiles", st.days) % {
            "d": _n(st.days)
        }
        return _dated("days", pqr, "text-bg-light border", mark_safe(text))  # noqa: S308
    if st.kind == "resolved_on_time":
        return format_html(
            '<span class="badge text-bg-success text-nowrap">'
            '<i class="bi bi-check2" aria-hidden="true"></i> {}</span>',
            gettext("Resuelta a tiempo"),
        )
    if st.kind == "resolved_late":
        return format_html(
            '<span class="badge text-bg-secondary text-nowrap">{}</span>',
            gettext("Resuelta fuera del plazo"),
        )
    return mark_safe("")


def _date_only(day) -> str:
    return conditional_escape(formats.date_format(day, "SHORT_DATE_FORMAT"))


@register.simple_tag(takes_context=True)
def queue_assign_me(context, pqr) -> SafeString:
    """What `{% include "pqr/_assign_me_row.html" %}` writes: the "Asignarme" button
    of an open PQR not yet assigned to the viewer."""
    request = context["request"]
    if not pqr.is_open or pqr.assigned_to_id == request.user.pk:
        return mark_safe("")
    url = _page_value(context, "_queue_assign_url", lambda: _url_maker("pqr:assign_me"))
    shared = _page_value(
        context,
        "_queue_assign_shared",
        lambda: (
            format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
            ),
            format_html('<input type="hidden" name="next" value="{}">', request.get_full_path()),
            format_html(
                '<i class="bi bi-person-check" aria-hidden="true"></i> {}', gettext("Asignarme")
            ),
        ),
    )
    csrf, back, label = shared
    return format_html(
        '<form method="post" action="{}" class="mt-1">{}{}<button class="btn btn-sm '
        'btn-outline-primary py-0" type="submit" aria-label="{}">{}</button></form>',
        url(pqr.pk),
        csrf,
        back,
        gettext("Asignarme la %(r)s") % {"r": pqr.radicado},
        label,
    )
