from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pqr.models import Channel, PqrType

from .models import DIMENSIONS, PointOfService, RecoveryCase, Score

SCORE_CHOICES = [(value, format_lazy("{} · {}", value, label)) for value, label in Score.choices]


def _score_field(label, required: bool) -> forms.TypedChoiceField:
    choices = SCORE_CHOICES if required else [("", _("Sin calificar")), *SCORE_CHOICES]
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )


class SurveyAnswerForm(forms.Form):
    """Overall score (required) plus the eight optional service components and a comment."""

    score = _score_field(_("¿Cómo calificaría nuestro servicio?"), required=True)
    comment = forms.CharField(
        label=_("¿Quiere contarnos algo más?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Opcional. Si la calificación fue baja, cuéntenos qué falló."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in DIMENSIONS:
            self.fields[name] = _score_field(label, required=False)

    def dimension_fields(self):
        return [self[name] for name, _label in DIMENSIONS]

    def dimension_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name, _label in DIMENSIONS}


class GeneralSurveyForm(SurveyAnswerForm):
    point_of_service = forms.ModelChoiceField(
        label=_("¿Dónde lo atendimos?"),
        queryset=PointOfService.objects.filter(is_active=True),
        required=False,
        empty_label=_("Prefiero no decirlo / otro"),
    )
    contact_consent = forms.BooleanField(
        label=_("Autorizo que me contacten sobre esta calificación"),
        required=False,
        help_text=_(
            "Usaremos sus datos solo para responder a esta calificación, según nuestra "
            "política de tratamiento de datos personales."
        ),
    )
    contact_name = forms.CharField(label=_("Nombre"), required=False, max_length=120)
    contact_email = forms.EmailField(label=_("Correo electrónico"), required=False)
    contact_phone = forms.CharField(label=_("Teléfono"), required=False, max_length=20)
    # Honeypot: hidden from people, filled by naive bots.
    website = forms.CharField(
        required=False,
        label=_("Deje este campo vacío"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    field_order = ["point_of_service", "score", "comment"]

    def clean(self):
        cleaned = super().clean()
        given = any(cleaned.get(f) for f in ("contact_name", "contact_email", "contact_phone"))
        if given and not cleaned.get("contact_consent"):
            self.add_error(
                "contact_consent",
                _("Para guardar sus datos de contacto necesitamos su autorización."),
            )
        if cleaned.get("contact_consent") and not (
            cleaned.get("contact_email") or cleaned.get("contact_phone")
        ):
            self.add_error(
                "contact_email", _("Indique un correo o un teléfono para poder contactarle.")
            )
        return cleaned

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class RecoveryCaseForm(forms.ModelForm):
    close = forms.BooleanField(label=_("Cerrar el caso"), required=False)

    class Meta:
        model = RecoveryCase
        fields = ["action", "outcome"]
        widgets = {"action": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "action": _("Qué se hizo para recuperar al cliente: llamada, disculpa, compensación…")
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("close"):
            if not cleaned.get("action", "").strip():
                self.add_error("action", _("Describa la acción antes de cerrar el caso."))
            if not cleaned.get("outcome"):
                self.add_error("outcome", _("Indique el resultado antes de cerrar el caso."))
        return cleaned


class ResultsFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("Desde"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    team = forms.ModelChoiceField(label=_("Equipo"), queryset=None, required=False)
    agent = forms.ModelChoiceField(label=_("Agente"), queryset=None, required=False)
    pqr_type = forms.ModelChoiceField(label=_("Tipo de PQR"), queryset=None, required=False)
    channel = forms.ChoiceField(label=_("Canal"), required=False)
    point_of_service = forms.ModelChoiceField(
        label=_("Punto de atención"), queryset=PointOfService.objects.all(), required=False
    )

    def __init__(self, *args, teams, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        self.fields["agent"].queryset = agents
        self.fields["pqr_type"].queryset = PqrType.objects.all()
        self.fields["channel"].choices = [("", _("Todos")), *Channel.choices]
        self.fields["agent"].label_from_instance = lambda u: u.get_full_name() or u.username
        for name in ("team", "agent", "pqr_type", "point_of_service"):
            self.fields[name].empty_label = _("Todos")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("La fecha final debe ser posterior a la inicial."))
        return cleaned

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
