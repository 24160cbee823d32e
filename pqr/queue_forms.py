"""The queue's "more filters": what a dashboard or report figure's link carries
(periods, outcome, breach, cause...), shown to the user so they see what is applied."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .selectors_queue import NONE, DrillFilters, QueueCatalogues

OUTCOME_CHOICES = [
    ("", _("Cualquiera")),
    ("due_measured", _("Con plazo prometido medido")),
    ("due_on_time", _("Resueltas en el plazo prometido")),
    ("due_late", _("Resueltas después del plazo prometido")),
    ("legal_measured", _("Con término legal medido")),
    ("legal_on_time", _("Respondidas dentro del término legal")),
    ("legal_late", _("Respondidas después del término legal")),
    ("answered", _("Con primera respuesta")),
    ("resolved", _("Con resolución")),
]
SILENCE_CHOICES = [
    ("", _("Cualquiera")),
    ("accepted", _("Silencio positivo")),
    ("late", _("Respuesta tardía")),
]
DRILL_FIELDS = (
    "received_from",
    "received_to",
    "resolved_from",
    "resolved_to",
    "outcome",
    "breach",
    "legal_breach",
    "cause",
    "moment",
    "complaints",
    "silence",
    "denied",
    "customer",
    "anger_change",
)
ANGER_CHANGE_CHOICES = [
    ("", _("Cualquiera")),
    ("measured", _("Con ira registrada al radicar y al resolver")),
    ("calmer", _("Terminaron más calmados")),
    ("same", _("Terminaron igual")),
    ("angrier", _("Terminaron más molestos")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DrillFieldsForm(forms.Form):
    """Mixed into the queue's filter form."""

    received_from = forms.DateField(label=_("Recibidas desde"), required=False, widget=DateInput)
    received_to = forms.DateField(label=_("Recibidas hasta"), required=False, widget=DateInput)
    resolved_from = forms.DateField(label=_("Resueltas desde"), required=False, widget=DateInput)
    resolved_to = forms.DateField(label=_("Resueltas hasta"), required=False, widget=DateInput)
    outcome = forms.ChoiceField(label=_("Resultado"), required=False, choices=OUTCOME_CHOICES)
    breach = forms.BooleanField(
        label=_("Incumplen el plazo prometido (resueltas tarde o abiertas vencidas)"),
        required=False,
    )
    legal_breach = forms.BooleanField(
        label=_("Incumplen el término legal (respondidas tarde o abiertas vencidas)"),
        required=False,
    )
    cause = forms.ChoiceField(label=_("Causa raíz"), required=False)
    moment = forms.TypedChoiceField(
        label=_("Momento de verdad"), required=False, coerce=int, empty_value=None
    )
    complaints = forms.BooleanField(label=_("Solo quejas y reclamos"), required=False)
    silence = forms.ChoiceField(label=_("Silencio"), required=False, choices=SILENCE_CHOICES)
    denied = forms.BooleanField(label=_("Solo con acceso negado"), required=False)
    anger_change = forms.ChoiceField(
        label=_("Ira al resolver frente a al radicar"),
        required=False,
        choices=ANGER_CHANGE_CHOICES,
    )
    # An id, never a name or document: no personal data in the URL.
    customer = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, catalogues: QueueCatalogues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].choices = [
            ("", _("Cualquiera")),
            (NONE, _("Sin causa raíz")),
            *[(str(pk), gettext(name)) for pk, name in catalogues.causes],
        ]
        self.fields["moment"].choices = [
            ("", _("Cualquiera")),
            *[(str(pk), gettext(name)) for pk, name in catalogues.moments],
        ]

    def clean(self):
        data = super().clean()
        for start, end in (("received_from", "received_to"), ("resolved_from", "resolved_to")):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("La fecha final debe ser igual o posterior a la inicial."))
        return data

    def drill_filters(self) -> DrillFilters:
        return DrillFilters.from_data(self.cleaned_data)

    def drill_in_use(self) -> bool:
        """Whether any "more filters" field has a value (the section opens then)."""
        return any(self.data.get(name) for name in DRILL_FIELDS)
