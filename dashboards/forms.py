from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from pqr.models import OPEN_STATUSES, Pqr


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
