"""The queue's rows written in Python (issue 18: 25 rows on every queue view).

Written as template code, a row cost about 0.25 ms: some forty variable lookups,
filters and `{% translate %}` nodes, two includes (`sla/_due_badge.html`,
`pqr/_assign_me_row.html`) with their `{% blocktranslate %}`, `{% url %}` and
`{% csrf_token %}`, three date formats. `{% queue_rows page.rows %}` writes the same
markup from the same decision (`sla.badges.due_state`) and the same strings, with
what is the same for every row (translated labels, calendar, time zone, CSRF field,
return address, URL prefixes, date patterns) computed once per page.
`tests/pqr/test_queue_rows.py` compares the output with the template rows it replaced
and with the two includes for every kind of badge, so they cannot drift apart.
"""

from __future__ import annotations

import html
import unicodedata
from datetime import datetime

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from pqr.models import Pqr
from pqr.templatetags.pqr_tags import STATUS_TONES, choice_labels, person
from sla.badges import due_state
from sla.selectors import calendar_get

register = template.Library()

_SENTINEL = 987654321
# Django date format characters that strftime writes the same way (numbers only).
_STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y", "H": "%H", "i": "%M", "s": "%S"}
esc = html.escape  # what {{ }} does to a plain string (conditional_escape, unwrapped)


def _truncated(text: str, length: int) -> str:
    """`text|truncatechars:length`; a short text (most subjects) skips the Truncator,
    whose ellipsis is translated on every call, with the same result."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= length else Truncator(text).chars(length)


def _url_maker(name: str):
    """reverse() for one pk without resolving the pattern on every row."""
    before, after = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    return lambda pk: f"{before}{pk}{after}"


def _date_writer(name: str, tz):
    """`value|date:name` for this language and time zone: strftime when the format is
    made of numbers and separators only (Spanish: d/m/Y H:i), else Django's."""
    fmt = formats.get_format(name)
    if all(ch in _STRFTIME or (not ch.isalpha() and ch not in "\\%") for ch in fmt):
        pattern = "".join(_STRFTIME.get(ch, ch) for ch in fmt)

        def fast(value) -> str:
            if isinstance(value, datetime):
                value = value.astimezone(tz)
            return esc(value.strftime(pattern))

        return fast

    def slow(value) -> str:
        if isinstance(value, datetime):
            value = value.astimezone(tz)
        return esc(formats.date_format(value, name))

    return slow


class _RowPage:
    """What every row of one page shares, computed once per page render."""

    def __init__(self, context):
        self.context = context
        self.request = context["request"]
        self.viewer_id = self.request.user.pk
        self.now = timezone.now()
        tz = timezone.get_current_timezone()
        self.short_date = _date_writer("SHORT_DATE_FORMAT", tz)
        self.short_datetime = _date_writer("SHORT_DATETIME_FORMAT", tz)
        self._cal = context.get("sla_calendar")
        self._texts: dict = {}
        self._assign = None
        self._urls = {}
        self._labels = {}
        self.type_names: dict[int, str] = {}

    # --- shared pieces, on first use ---------------------------------------------
    @property
    def cal(self):
        if self._cal is None:
            self._cal = self.context.dicts[0].get("_sla_calendar") or calendar_get()
            self.context.dicts[0]["_sla_calendar"] = self._cal
        return self._cal

    def text(self, msgid: str) -> str:
        """gettext + escape, once per page and message."""
        if msgid not in self._texts:
            self._texts[msgid] = esc(gettext(msgid))
        return self._texts[msgid]

    def plural(self, singular: str, plural: str, n: int) -> str:
        """ngettext with the number put in as {% blocktranslate count %} does."""
        key = (singular, n)
        if key not in self._texts:
            self._texts[key] = ngettext(singular, plural, n) % {"d": esc(formats.localize(n))}
        return self._texts[key]

    def url(self, name: str, pk) -> str:
        if name not in self._urls:
            self._urls[name] = _url_maker(name)
        return self._urls[name](pk)

    def label(self, pqr, name: str) -> str:
        if name not in self._labels:
            self._labels[name] = choice_labels(Pqr, name)
        value = getattr(pqr, name)
        return esc(str(self._labels[name].get(str(value), value)))

    def type_name(self, pqr) -> str:
        key = pqr.pqr_type_id
        if key not in self.type_names:
            self.type_names[key] = esc(str(pqr.pqr_type)) if key else ""
        return self.type_names[key]

    # --- the two former includes -------------------------------------------------
    def _dated(self, kind: str, pqr, tone: str, text: str) -> str:
        return (
            f'<span class="text-nowrap" data-due="{kind}"><span class="small" data-due-date>'
            f"{self.short_date(pqr.due_at)}</span> "
            f'<span class="badge {tone}" title="{self.short_datetime(pqr.due_at)}">{text}</span>'
            "</span>"
        )

    def due_badge(self, pqr) -> str:
        """What `{% include "sla/_due_badge.html" %}` writes for `pqr`."""
        st = due_state(pqr, now=self.now, cal=self.cal)
        kind = st.kind
        if kind == "paused":
            extra = ""
            if st.customer_due_on:
                msg = (
                    "plazo del ciudadano venció el %(d)s"
                    if st.customer_late
                    else "ciudadano hasta el %(d)s"
                )
                extra = " · " + gettext(msg) % {"d": self.short_date(st.customer_due_on)}
            return (
                '<span class="badge text-bg-info text-nowrap" data-due="paused" title="'
                f'{self.text("Término suspendido mientras el ciudadano completa la petición")}">'
                '<i class="bi bi-pause-circle" aria-hidden="true"></i> '
                f"{self.text('En pausa')}{extra}</span>"
            )
        if kind == "overdue":
            if st.days:
                text = self.plural(
                    "vencida hace %(d)s día hábil", "vencida hace %(d)s días hábiles", st.days
                )
            else:
                text = self.text("vencida hoy")
            icon = '<i class="bi bi-exclamation-octagon" aria-hidden="true"></i> '
            return self._dated("overdue", pqr, "text-bg-danger", icon + text)
        if kind == "today":
            text = gettext("vence hoy (%(h)s h hábiles)") % {"h": esc(formats.localize(st.hours))}
            return self._dated("today", pqr, "text-bg-warning", text)
        if kind == "days":
            text = self.plural("vence en %(d)s día hábil", "vence en %(d)s días hábiles", st.days)
            return self._dated("days", pqr, "text-bg-light border", text)
        if kind == "resolved_on_time":
            return (
                '<span class="badge text-bg-success text-nowrap">'
                f'<i class="bi bi-check2" aria-hidden="true"></i> {self.text("Resuelta a tiempo")}'
                "</span>"
            )
        if kind == "resolved_late":
            return (
                '<span class="badge text-bg-secondary text-nowrap">'
                f"{self.text('Resuelta fuera del plazo')}</span>"
            )
        return ""

    def assign_me(self, pqr) -> str:
        """What `{% include "pqr/_assign_me_row.html" %}` writes: the "Asignarme" button
        of an open PQR not yet assigned to the viewer."""
        if not pqr.is_open or pqr.assigned_to_id == self.viewer_id:
            return ""
        if self._assign is None:
            self._assign = (
                '<input type="hidden" name="csrfmiddlewaretoken" '
                f'value="{esc(get_token(self.request))}">'
                f'<input type="hidden" name="next" value="{esc(self.request.get_full_path())}">',
                f'<i class="bi bi-person-check" aria-hidden="true"></i> {self.text("Asignarme")}',
                gettext("Asignarme la %(r)s"),
            )
        hidden, button, aria_text = self._assign
        aria = esc(aria_text % {"r": pqr.radicado})
        return (
            f'<form method="post" action="{self.url("pqr:assign_me", pqr.pk)}" class="mt-1">'
            f'{hidden}<button class="btn btn-sm btn-outline-primary py-0" type="submit" '
            f'aria-label="{aria}">{button}</button></form>'
        )

    # --- a whole row ---------------------------------------------------------------
    def row(self, pqr) -> str:
        badges = []
        if pqr.identity_unverified:
            badges.append(
                '<span class="badge text-bg-warning" data-testid="identity-badge" title="'
                f'{self.text("Radicada en la web con el documento de un cliente existente")}">'
                '<i class="bi bi-person-exclamation" aria-hidden="true"></i> '
                f"{self.text('Identidad por confirmar')}</span>"
            )
        if pqr.needs_supervisor:
            badges.append(
                '<span class="badge text-bg-danger" title="'
                f'{self.text("Cliente en ira o más: requiere supervisor")}">'
                f'<i class="bi bi-fire" aria-hidden="true"></i> {self.text("Ira")}</span>'
            )
        if pqr.priority != "normal":
            badges.append(
                '<span class="badge text-bg-warning text-wrap text-start">'
                f"{self.label(pqr, 'priority')}</span>"
            )
        flags = f' <div class="d-flex flex-wrap gap-1 mt-1"> {" ".join(badges)} </div>'
        team = esc(pqr.team.name) if pqr.team_id else ""
        if pqr.customer_id:
            customer = esc(pqr.customer.full_name)
        else:
            customer = f'<span class="text-body-secondary">{self.text("Anónimo")}</span>'
        if pqr.assigned_to_id:
            assignee = esc(person(pqr.assigned_to))
        else:
            assignee = f'<span class="text-body-secondary">{self.text("Sin asignar")}</span>'
        tone = STATUS_TONES.get(pqr.status, "secondary")
        received = self.short_datetime(pqr.received_at) if pqr.received_at else ""
        return (
            "<tr data-queue-row> "
            f'<td><a href="{self.url("pqr:detail", pqr.pk)}" class="fw-semibold text-nowrap" '
            f"data-queue-open>{esc(pqr.radicado)}</a>{flags if badges else ''} </td> "
            f"<td><div>{esc(_truncated(pqr.subject, 70))}</div>"
            f'<div class="small text-body-secondary">{self.type_name(pqr)} · '
            f"{self.label(pqr, 'channel')} · {team}</div></td> "
            f"<td>{customer}</td> "
            f'<td><span class="badge text-bg-{tone}">{self.label(pqr, "status")}</span></td> '
            f'<td class="text-nowrap small">{received}</td> '
            f"<td>{self.due_badge(pqr)}</td> "
            f'<td class="small">{assignee}{self.assign_me(pqr)}</td> '
            "</tr>\n"
        )


def _page(context) -> _RowPage:
    store = context.dicts[0]
    if "_queue_row_page" not in store:
        store["_queue_row_page"] = _RowPage(context)
    return store["_queue_row_page"]


@register.simple_tag(takes_context=True)
def queue_rows(context, rows) -> SafeString:
    """The queue's table rows (`<tr data-queue-row>`), one string for the page."""
    page = _page(context)
    return mark_safe("".join(page.row(pqr) for pqr in rows))  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def queue_due_badge(context, pqr) -> SafeString:
    """One row's due badge (what `sla/_due_badge.html` writes)."""
    return mark_safe(_page(context).due_badge(pqr))  # noqa: S308 - escaped above


@register.simple_tag(takes_context=True)
def queue_assign_me(context, pqr) -> SafeString:
    """One row's "Asignarme" form (what `pqr/_assign_me_row.html` writes)."""
    return mark_safe(_page(context).assign_me(pqr))  # noqa: S308 - escaped above
