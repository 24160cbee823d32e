"""Forms of the SLA administration pages: they validate, the writes live in sla.editing."""

from datetime import date, datetime, time

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from pqr.models import Channel, PqrType, Priority, Team
from sla.inbox import InboxFilters, inbox_teams
from sla.law import legal_term_errors
from sla.models import (
    AlertKind,
    ExtensionRule,
    LegalTerm,
    NonWorkingDay,
    Organization,
    SlaPolicy,
    TargetUnit,
)

WEEKDAYS = [
    (0, _("Lunes")),
    (1, _("Martes")),
    (2, _("Miércoles")),
    (3, _("Jueves")),
    (4, _("Viernes")),
    (5, _("Sábado")),
    (6, _("Domingo")),
]
ANY = [("", _("Cualquiera"))]
MAX_TERM_DAYS = 120


class NonWorkingDayForm(forms.Form):
    day = forms.DateField(
        label=_("Día"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Elija el día que no se trabaja."),
            "invalid": _("Escriba una fecha válida."),
        },
    )
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("Por ejemplo: día cívico municipal")}),
        error_messages={"required": _("Escriba por qué no se trabaja ese día.")},
    )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if NonWorkingDay.objects.filter(day=day).exists():
            raise forms.ValidationError(_("Ese día ya está marcado como no hábil."))
        return day


class DueDateCheckForm(forms.Form):
    """Hand check of a legal term: type and moment of receipt."""

    pqr_type = forms.ModelChoiceField(
        label=_("Tipo de PQR"),
        queryset=PqrType.objects.filter(legal_term__isnull=False).order_by("order", "name"),
        empty_label=None,
    )
    received_on = forms.DateField(
        label=_("Recibida el"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Escriba una fecha válida.")},
    )
    received_time = forms.TimeField(
        label=_("a las"), initial=time(10, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if not date(1990, 1, 1) <= day <= date(2100, 12, 31):
            raise forms.ValidationError(_("Use una fecha entre 1990 y 2100."))
        return day

    def received_at(self, tz) -> datetime:
        data = self.cleaned_data
        return datetime.combine(data["received_on"], data["received_time"], tzinfo=tz)


class SlaPolicyForm(forms.ModelForm):
    priority = forms.ChoiceField(
        label=_("Prioridad"), choices=ANY + Priority.choices, required=False
    )
    channel = forms.ChoiceField(label=_("Canal"), choices=ANY + Channel.choices, required=False)

    class Meta:
        model = SlaPolicy
        fields = [
            "name",
            "pqr_type",
            "priority",
            "channel",
            "team",
            "first_response_value",
            "first_response_unit",
            "resolution_value",
            "resolution_unit",
            "is_active",
        ]
        labels = {
            "first_response_value": _("Primera respuesta en"),
            "resolution_value": _("Solución en"),
            "is_active": _("Regla activa"),
        }
        help_texts = {
            "name": _("Un nombre que diga a qué casos aplica."),
            "first_response_value": _("Tiempo para el primer contacto con el cliente."),
            "resolution_value": _(
                "Tiempo prometido para resolver; si el término legal es menor, manda la ley."
            ),
        }

    def __init__(self, *args, hours_per_day: float = 9.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.hours_per_day = hours_per_day
        self.fields["pqr_type"].empty_label = _("Cualquiera")
        self.fields["team"].empty_label = _("Cualquiera")
        self.fields["team"].queryset = Team.objects.filter(is_active=True)
        self.fields["pqr_type"].queryset = PqrType.objects.filter(is_active=True)
        for name in ("first_response_value", "resolution_value"):
            self.fields[name].validators.append(MinValueValidator(1, _("Debe ser al menos 1.")))
            self.fields[name].widget.attrs["min"] = 1

    def _in_hours(self, value: int, unit: str) -> float:
        return value if unit == TargetUnit.HOURS else value * self.hours_per_day

    def clean(self):
        data = super().clean()
        first = (data.get("first_response_value"), data.get("first_response_unit"))
        resolution = (data.get("resolution_value"), data.get("resolution_unit"))
        if all(first) and all(resolution) and self._in_hours(*first) > self._in_hours(*resolution):
            self.add_error(
                "first_response_value",
                _("La primera respuesta no puede llegar después de la solución."),
            )
        return data


class LegalTermForm(forms.ModelForm):
    AUDITED = ("days", "extension_rule", "extension_days", "silence_effect", "source")

    reason = forms.CharField(
        label=_("Motivo del cambio"),
        max_length=150,
        help_text=_("Obligatorio: queda en el historial junto con su usuario y la hora."),
        error_messages={"required": _("Explique por qué cambia el término.")},
    )

    class Meta:
        model = LegalTerm
        fields = ["days", "extension_rule", "extension_days", "silence_effect", "source"]
        help_texts = {
            "extension_days": _("Solo cuenta cuando la prórroga es de días adicionales fijos."),
            "source": _("Norma o política que respalda el término."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extension_days"].required = False
        days = self.fields["days"]
        days.widget.attrs.update(min=1, max=MAX_TERM_DAYS)
        days.validators += [
            MinValueValidator(1, _("El término debe ser de al menos un día hábil.")),
            MaxValueValidator(
                MAX_TERM_DAYS, _("Un término de más de 120 días hábiles no es razonable.")
            ),
        ]

    def clean(self):
        data = super().clean()
        rule, extra = data.get("extension_rule"), data.get("extension_days") or 0
        if rule == ExtensionRule.FIXED and not extra:
            self.add_error("extension_days", _("Indique cuántos días agrega la prórroga."))
        elif rule and rule != ExtensionRule.FIXED:
            data["extension_days"] = 0
        if data.get("days") and rule:
            errors = legal_term_errors(
                code=self.instance.pqr_type.code,
                days=data["days"],
                rule=rule,
                extension_days=data.get("extension_days") or 0,
            )
            for field, message in errors.items():
                self.add_error(field, message)
        if not self.errors and not self.changed_values():
            raise forms.ValidationError(_("No cambió ningún valor del término."))
        return data

    def changed_values(self) -> list[tuple[str, str, str]]:
        """(field, old, new) for every audited field whose value differs."""
        out = []
        for name in self.AUDITED:
            old, new = self.initial.get(name), self.cleaned_data.get(name)
            if str(old) != str(new):
                out.append((name, str(old), str(new)))
        return out


LOGO_MAX_BYTES = 1024 * 1024


class OrganizationForm(forms.ModelForm):
    working_weekdays = forms.TypedMultipleChoiceField(
        label=_("Días hábiles de la semana"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Marque al menos un día hábil.")},
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "legal_regime",
            "working_weekdays",
            "office_start",
            "office_end",
            "cutoff",
            "warning_share",
            "nit",
            "address",
            "city",
            "phone",
            "logo",
            "appeal_authority",
        ]
        widgets = {
            "office_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "office_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "cutoff": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "warning_share": forms.NumberInput(attrs={"min": 1, "max": 99}),
        }
        help_texts = {
            "legal_regime": _("Define qué reglas legales e informes aplican."),
            "cutoff": _("Opcional. Lo recibido desde esta hora se radica el siguiente día hábil."),
            "warning_share": _("Porcentaje del término transcurrido en que se envía el aviso."),
            "logo": _("PNG o JPG de hasta 1 MB; aparece en el membrete de los oficios."),
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or not hasattr(logo, "content_type"):
            return logo  # unchanged or cleared
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("El logo no puede pasar de 1 MB."))
        head = logo.read(8)
        logo.seek(0)
        if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
            raise forms.ValidationError(_("El logo debe ser una imagen PNG o JPG."))
        return logo

    def clean_warning_share(self):
        share = self.cleaned_data["warning_share"]
        if not 1 <= share <= 99:
            raise forms.ValidationError(_("Use un porcentaje entre 1 y 99."))
        return share

    def clean_working_weekdays(self):
        return sorted(set(self.cleaned_data["working_weekdays"]))

    def clean(self):
        data = super().clean()
        start, end, cutoff = data.get("office_start"), data.get("office_end"), data.get("cutoff")
        if start and end and end <= start:
            self.add_error("office_end", _("El cierre debe ser posterior a la apertura."))
        elif start and end and cutoff and not start < cutoff <= end:
            self.add_error(
                "cutoff", _("La hora de corte debe estar dentro del horario de atención.")
            )
        return data


class NotificationFilterForm(forms.Form):
    """The bell's filters (GET): kind of alert, team and radicado of the PQR."""

    kind = forms.ChoiceField(label=_("Tipo de aviso"), required=False)
    team = forms.ModelChoiceField(
        label=_("Equipo"),
        required=False,
        queryset=Team.objects.filter(is_active=True).order_by("name"),
        empty_label=_("Todos"),
    )
    radicado = forms.CharField(label=_("Radicado"), required=False, max_length=40)
    unread = forms.BooleanField(label=_("Solo sin leer"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Todos")), *AlertKind.choices]
        self.fields["team"].queryset = inbox_teams(user=user)
        for name, field in self.fields.items():
            if name == "unread":
                field.widget.attrs["class"] = "form-check-input"
            else:
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = f"{css} {css}-sm"

    def filters(self) -> InboxFilters:
        """What to show; an invalid value (a team that no longer exists) is ignored
        and its error shown next to the field."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # the fields that were valid
        team = data.get("team")
        return InboxFilters(
            kind=data.get("kind", ""),
            team_id=team.pk if team else None,
            radicado=data.get("radicado", "").strip(),
            unread_only=bool(data.get("unread")),
        )
