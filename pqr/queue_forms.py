"""The queue's "more filters": what a dashboard or report figure's link carries
(periods, outcome, breach, cause...), shown to the user so they see what is applied."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from customers.models import AngerLevel

from .selectors_queue import ANY, NONE, DrillFilters, QueueCatalogues

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
    "anger_intake",
    "anger_resolution",
    "survey",
    "survey_from",
    "survey_to",
    "tag",
    "open_on",
    "reopened",
    "assigned",
)
SURVEY_CHOICES = [
    ("", _("Cualquiera")),
    ("answered", _("Respondida (cualquier calificación)")),
    ("satisfied", _("Respondida con 4 o 5")),
    ("unsatisfied", _("Respondida con 1, 2 o 3")),
    ("score_5", _("Calificada con 5")),
    ("score_4", _("Calificada con 4")),
    ("score_3", _("Calificada con 3")),
    ("score_2", _("Calificada con 2")),
    ("score_1", _("Calificada con 1")),
    ("sent", _("Enviada")),
    ("sent_answered", _("Enviada y ya respondida")),
    ("recovery_open", _("Con caso de recuperación abierto")),
    ("recovery_closed", _("Con caso de recuperación cerrado")),
]
ANGER_LEVEL_CHOICES = [("", _("Cualquiera")), *AngerLevel.choices]
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
    anger_intake = forms.TypedChoiceField(
        label=_("Ira al radicar"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=ANGER_LEVEL_CHOICES,
    )
    anger_resolution = forms.TypedChoiceField(
        label=_("Ira al resolver"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=ANGER_LEVEL_CHOICES,
    )
    survey = forms.ChoiceField(
        label=_("Encuesta de satisfacción"), required=False, choices=SURVEY_CHOICES
    )
    survey_from = forms.DateField(
        label=_("Encuesta desde"),
        required=False,
        widget=DateInput,
        help_text=_("Fecha de respuesta, de envío o del caso de recuperación, según lo elegido."),
    )
    survey_to = forms.DateField(label=_("Encuesta hasta"), required=False, widget=DateInput)
    # An id, as the customer's: the queue page reads no tag catalogue unless one is set.
    tag = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    open_on = forms.DateField(
        label=_("Abiertas al final del día"), required=False, widget=DateInput
    )
    reopened = forms.BooleanField(label=_("Solo las reabiertas alguna vez"), required=False)
    assigned = forms.BooleanField(label=_("Solo las asignadas a alguien"), required=False)
    # An id, never a name or document: no personal data in the URL.
    customer = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, catalogues: QueueCatalogues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].choices = [
            ("", gettext("Cualquiera")),
            (NONE, gettext("Sin causa raíz")),
            (ANY, gettext("Con alguna causa raíz")),
            *[(str(pk), gettext(name)) for pk, name in catalogues.causes],
        ]
        self.fields["moment"].choices = [
            ("", gettext("Cualquiera")),
            *[(str(pk), gettext(name)) for pk, name in catalogues.moments],
        ]

    def clean(self):
        data = super().clean()
        ranges = (
            ("received_from", "received_to"),
            ("resolved_from", "resolved_to"),
            ("survey_from", "survey_to"),
        )
        for start, end in ranges:
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("La fecha final debe ser igual o posterior a la inicial."))
        return data

    def drill_filters(self) -> DrillFilters:
        return DrillFilters.from_data(self.cleaned_data)

    def drill_in_use(self) -> bool:
        """Whether any "more filters" field has a value (the section opens then)."""
        return any(self.data.get(name) for name in DRILL_FIELDS)
