"""The filter bar every dashboard and report shares: period, team, type and channel.

`dashboard_filters(request)` turns the query string into a `DashboardFilters`, which
scopes PQR querysets by role (agents: only the PQRs assigned to them) and by the
chosen filters. Dates are Bogotá local dates; both ends are inclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles import Role, has_role
from pqr.models import Channel, Pqr, PqrType, Team

TODAY, THIS_WEEK, THIS_MONTH, LAST_30, THIS_SEMESTER, PREVIOUS_SEMESTER, CUSTOM = (
    "today",
    "week",
    "month",
    "last30",
    "semester",
    "prev_semester",
    "custom",
)
DEFAULT_PRESET = LAST_30
PRESET_CHOICES = [
    (TODAY, _("Hoy")),
    (THIS_WEEK, _("Esta semana")),
    (THIS_MONTH, _("Este mes")),
    (LAST_30, _("Últimos 30 días")),
    (THIS_SEMESTER, _("Este semestre")),
    (PREVIOUS_SEMESTER, _("Semestre anterior")),
    (CUSTOM, _("Rango personalizado")),
]
# Longest custom range accepted: keeps a mistyped year from scanning decades of rows.
MAX_RANGE = timedelta(days=3 * 366)


def preset_range(preset: str, today: date) -> tuple[date, date]:
    """First and last day (inclusive) of a preset period that ends today."""
    if preset == TODAY:
        return today, today
    if preset == THIS_WEEK:
        return today - timedelta(days=today.weekday()), today
    if preset == THIS_MONTH:
        return today.replace(day=1), today
    if preset == THIS_SEMESTER:
        return date(today.year, 1 if today.month <= 6 else 7, 1), today
    if preset == PREVIOUS_SEMESTER:
        return semester_before(today)
    return today - timedelta(days=29), today


def semester_before(day: date) -> tuple[date, date]:
    """The whole semester before the one `day` falls in (Ley 1474 art. 76 reports)."""
    if day.month <= 6:
        return date(day.year - 1, 7, 1), date(day.year - 1, 12, 31)
    return date(day.year, 1, 1), date(day.year, 6, 30)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DashboardFilterForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Período"), required=False, choices=PRESET_CHOICES, initial=DEFAULT_PRESET
    )
    start = forms.DateField(label=_("Desde"), required=False, widget=DateInput)
    end = forms.DateField(label=_("Hasta"), required=False, widget=DateInput)
    team = forms.ModelChoiceField(
        label=_("Equipo"),
        required=False,
        queryset=Team.objects.filter(is_active=True).order_by("name"),
        empty_label=_("Todos"),
    )
    pqr_type = forms.ModelChoiceField(
        label=_("Tipo"),
        required=False,
        queryset=PqrType.objects.order_by("order", "name"),
        empty_label=_("Todos"),
    )
    channel = forms.ChoiceField(
        label=_("Canal"), required=False, choices=[("", _("Todos")), *Channel.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} {css}-sm"

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        preset = data.get("preset") or (CUSTOM if start or end else DEFAULT_PRESET)
        if preset == CUSTOM:
            if not start or not end:
                raise forms.ValidationError(
                    _("Para un rango personalizado indique la fecha inicial y la final.")
                )
            if start > end:
                self.add_error(
                    "end", _("La fecha final debe ser igual o posterior a la fecha inicial.")
                )
            elif end - start > MAX_RANGE:
                self.add_error("end", _("El rango no puede superar tres años."))
        else:
            start, end = preset_range(preset, timezone.localdate())
        data.update(preset=preset, start=start, end=end)
        return data


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class DashboardFilters:
    start: date
    end: date
    team: Team | None = None
    pqr_type: PqrType | None = None
    channel: str = ""
    user: object = None
    agent_only: bool = False
    preset: str = DEFAULT_PRESET
    # An API key's teams (api.views_reports): only their PQRs count; None = no limit.
    team_ids: tuple[int, ...] | None = None

    @property
    def start_at(self) -> datetime:
        return _day_start(self.start)

    @property
    def end_before(self) -> datetime:
        """First instant after the period (the range is half-open in SQL)."""
        return _day_start(self.end + timedelta(days=1))

    def scope_q(self, *, prefix: str = "") -> Q:
        """Role scope plus team/type/channel, for PQRs reached through `prefix`
        (e.g. ``"pqr__"`` from a survey response)."""
        q = Q()
        if self.agent_only:
            q &= Q(**{f"{prefix}assigned_to_id": getattr(self.user, "pk", None)})
        if self.team_ids is not None:
            q &= Q(**{f"{prefix}team_id__in": list(self.team_ids)})
        if self.team is not None:
            q &= Q(**{f"{prefix}team_id": self.team.pk})
        if self.pqr_type is not None:
            q &= Q(**{f"{prefix}pqr_type_id": self.pqr_type.pk})
        if self.channel:
            q &= Q(**{f"{prefix}channel": self.channel})
        return q

    def period_q(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.start_at, f"{field}__lt": self.end_before})

    def pqrs(self, qs: QuerySet[Pqr] | None = None, *, date_field: str | None = "received_at"):
        """PQRs in scope; `date_field=None` skips the period (e.g. for "open now")."""
        qs = Pqr.objects.all() if qs is None else qs
        qs = qs.filter(self.scope_q())
        if date_field:
            qs = qs.filter(self.period_q(date_field))
        return qs

    def querystring(self) -> str:
        params = {"preset": self.preset}
        if self.preset == CUSTOM:
            params.update(start=self.start.isoformat(), end=self.end.isoformat())
        if self.team is not None:
            params["team"] = self.team.pk
        if self.pqr_type is not None:
            params["pqr_type"] = self.pqr_type.pk
        if self.channel:
            params["channel"] = self.channel
        return urlencode(params)


def dashboard_filters(request, params=None) -> tuple[DashboardFilterForm, DashboardFilters]:
    """The bound form (to redisplay what was typed, with errors) and the filters to
    apply; an invalid form falls back to the default period without other filters.
    `params` replaces the query string (a form posting the page's filters back)."""
    user = request.user
    agent_only = not has_role(user, Role.SUPERVISOR)
    params = request.GET if params is None else params
    keys = ("preset", "start", "end", "team", "pqr_type", "channel")
    form = DashboardFilterForm(params if any(k in params for k in keys) else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = DashboardFilters(
            start=data["start"],
            end=data["end"],
            team=data["team"],
            pqr_type=data["pqr_type"],
            channel=data["channel"],
            user=user,
            agent_only=agent_only,
            preset=data["preset"],
        )
    else:
        start, end = preset_range(DEFAULT_PRESET, timezone.localdate())
        filters = DashboardFilters(start=start, end=end, user=user, agent_only=agent_only)
    if form.is_bound and form.is_valid() and filters.preset != CUSTOM:
        # Show the dates the preset stands for, so the user sees the period applied.
        form.data = form.data.copy()
        form.data["start"], form.data["end"] = filters.start.isoformat(), filters.end.isoformat()
    if not form.is_bound:
        form = DashboardFilterForm(
            initial={"preset": DEFAULT_PRESET, "start": filters.start, "end": filters.end}
        )
    return form, filters
