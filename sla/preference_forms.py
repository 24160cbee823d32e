"""The alert preferences page's form: the daily digest and its hour, and the kinds of
alert the person wants one email for each."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sla.models import AlertKind

# The kinds of alert in the groups the page shows them in (every AlertKind once).
KIND_GROUPS = [
    (
        _("Plazos y vencimientos"),
        [
            AlertKind.WARNING,
            AlertKind.DUE_TODAY,
            AlertKind.FIRST_RESPONSE_BREACH,
            AlertKind.RESOLUTION_BREACH,
            AlertKind.LEGAL_BREACH,
            AlertKind.TRANSFER_BREACH,
            AlertKind.EXTENSION,
        ],
    ),
    (
        _("Silencio administrativo y recursos"),
        [
            AlertKind.SILENCE,
            AlertKind.SILENCE_RECOGNITION,
            AlertKind.RECURSO_OVERDUE,
            AlertKind.RECURSO_SILENCE,
            AlertKind.COMPLETION_EXPIRED,
        ],
    ),
    (
        _("El ciudadano"),
        [
            AlertKind.LIFE_AT_RISK,
            AlertKind.ANGER,
            AlertKind.CUSTOMER_MESSAGE,
            AlertKind.RECOVERY,
            AlertKind.NOTIFICATION_FAILED,
        ],
    ),
]

HOUR_CHOICES = [("", _("Elija una hora")), *((str(h), f"{h:02d}:00") for h in range(24))]


class AlertPreferencesForm(forms.Form):
    daily_digest = forms.TypedChoiceField(
        label=_("Resumen diario por correo"),
        choices=[
            ("1", _("Sí: un correo al día con las alertas que no me lleguen una por una")),
            ("0", _("No: esas alertas quedan solo en la campana")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Diga si quiere o no el resumen diario.")},
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Hora del resumen (hora de Colombia)"),
        choices=HOUR_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Elija una hora entre las 00:00 y las 23:00.")},
    )
    email_kinds = forms.MultipleChoiceField(
        label=_("Un correo aparte por cada alerta de estos tipos"),
        choices=AlertKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": _("Uno de los tipos de alerta marcados no existe.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        hour_missing = data.get("digest_hour") is None and "digest_hour" not in self.errors
        if data.get("daily_digest") and hour_missing:
            self.add_error("digest_hour", _("Elija a qué hora quiere recibir el resumen."))
        if (data.get("daily_digest") or data.get("email_kinds")) and not self.user.email:
            raise forms.ValidationError(
                _(
                    "Su cuenta no tiene correo electrónico: pida a un administrador que lo "
                    "registre, o deje el resumen apagado y sin tipos marcados."
                )
            )
        return data

    def kind_groups(self) -> list[tuple[str, list]]:
        """The checkboxes of `email_kinds` in the page's groups (BoundWidget each)."""
        boxes = {box.data["value"]: box for box in self["email_kinds"]}
        return [(title, [boxes[kind] for kind in kinds]) for title, kinds in KIND_GROUPS]
