from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.roles import Role, has_role
from pqr.models import OPEN_STATUSES, Pqr, Team

from .models import FileFormat, Frequency, ScheduledReport
from .reassign import BULK_MAX
from .subscriptions import teams_for_subscriptions


class ReassignForm(forms.Form):
    pqr = forms.ModelChoiceField(
        queryset=Pqr.objects.filter(status__in=OPEN_STATUSES).select_related("team"),
        error_messages={"invalid_choice": _("La PQR ya no está abierta o no existe.")},
    )
    assigned_to = forms.ModelChoiceField(
        label=_("Asignar a"),
        queryset=get_user_model().objects.filter(is_active=True),
        error_messages={
            "required": _("Elija a quién asignar la PQR."),
            "invalid_choice": _("La persona elegida ya no está activa."),
        },
    )
    return_query = forms.CharField(required=False, widget=forms.HiddenInput)


class BulkReassignForm(forms.Form):
    """Move the open PQRs of one agent (or the unassigned ones) to another, all of
    those matching the page's filters or the N oldest."""

    ALL, OLDEST = "all", "oldest"

    source = forms.CharField(widget=forms.HiddenInput)
    assigned_to = forms.ModelChoiceField(
        label=_("Asignar a"),
        queryset=get_user_model().objects.filter(is_active=True),
        error_messages={
            "required": _("Elija a quién asignar las PQR."),
            "invalid_choice": _("La persona elegida ya no está activa."),
        },
    )
    scope = forms.ChoiceField(
        label=_("Cuáles"),
        choices=[(ALL, _("Todas las que cumplen los filtros")), (OLDEST, _("Las más antiguas"))],
        initial=ALL,
        widget=forms.RadioSelect,
    )
    count = forms.IntegerField(
        label=_("Cuántas"),
        required=False,
        min_value=1,
        max_value=BULK_MAX,
        error_messages={
            "min_value": _("Indique cuántas PQR mover (al menos una)."),
            "max_value": _("Se pueden mover hasta %(limit_value)s PQR a la vez."),
        },
    )
    return_query = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_source(self):
        source = self.cleaned_data["source"]
        if source != "none" and not source.isdigit():
            raise forms.ValidationError(_("Elija de quién mover las PQR."))
        return source

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.OLDEST and not data.get("count"):
            self.add_error("count", _("Indique cuántas PQR mover (al menos una)."))
        return data

    def limit(self) -> int | None:
        return self.cleaned_data["count"] if self.cleaned_data["scope"] == self.OLDEST else None


class SubscriptionForm(forms.Form):
    """A new scheduled report. The team list is the teams the user may subscribe to;
    only administrators get "every team"."""

    report = forms.ChoiceField(
        label=_("Informe"),
        choices=[("", _("Elija un informe")), *ScheduledReport.choices],
        error_messages={"required": _("Elija qué informe quiere recibir.")},
    )
    frequency = forms.ChoiceField(
        label=_("Frecuencia"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elija cada cuánto lo quiere recibir.")},
    )
    file_format = forms.ChoiceField(
        label=_("Formato del adjunto"),
        choices=FileFormat.choices,
        initial=FileFormat.PDF,
        widget=forms.RadioSelect,
        error_messages={"required": _("Elija en qué formato lo quiere recibir.")},
    )
    team = forms.ModelChoiceField(
        label=_("Equipo"),
        queryset=Team.objects.none(),
        error_messages={
            "required": _("Elija el equipo cuyas cifras quiere recibir."),
            "invalid_choice": _("Ese equipo no está entre los que usted supervisa."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        team = self.fields["team"]
        team.queryset = teams_for_subscriptions(user)
        if has_role(user, Role.ADMIN):
            team.required = False
            team.empty_label = _("Todos los equipos")
        else:
            team.empty_label = _("Elija un equipo")
