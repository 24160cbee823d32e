from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from pqr.models import OPEN_STATUSES, Pqr

from .reassign import BULK_MAX


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
