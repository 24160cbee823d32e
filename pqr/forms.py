from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from customers.forms import CustomerCreateForm
from customers.models import AngerLevel, ConsentChannel, DifficultyTag, DocumentType

from .attachments import ALLOWED_DESCRIPTION, validate_attachments
from .models import (
    VERBAL_CHANNELS,
    Channel,
    MessageKind,
    MomentOfTruth,
    PqrType,
    Priority,
    RejectionCategory,
    RootCause,
    Status,
    Team,
)
from .queue_forms import DrillFieldsForm
from .visibility import teams_filable_by

ANGER_CHOICES = [("", _("Sin registrar")), *AngerLevel.choices]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(f, initial) for f in files]
        validate_attachments(files)
        return files


def _attachments_help() -> str:
    return gettext("Opcional. Tipos permitidos: %(types)s.") % {"types": ALLOWED_DESCRIPTION}


def attachments_field() -> MultipleFileField:
    # Lazy, so the help text follows the language of each request, not of import time.
    return MultipleFileField(
        label=_("Adjuntos"), required=False, help_text=lazy(_attachments_help, str)()
    )


class QueueFilterForm(DrillFieldsForm):
    q = forms.CharField(
        label=_("Buscar"),
        required=False,
        max_length=100,
        # static/js/shortcuts.js: "/" comes here; the queue opens with the cursor in it.
        widget=forms.TextInput(
            attrs={"type": "search", "data-shortcut-search": "", "data-autofocus": ""}
        ),
    )
    status = forms.ChoiceField(
        label=_("Estado"),
        required=False,
        choices=[
            ("open", _("Abiertas")),
            ("closed", _("Cerradas")),
            ("all", _("Todas")),
            *list(Status.choices),
        ],
    )
    # Ids from the catalogues read once for the whole bar (pqr.selectors_queue).
    pqr_type = forms.TypedChoiceField(label=_("Tipo"), required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(label=_("Equipo"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(
        label=_("Canal"), required=False, choices=[("", _("Todos")), *Channel.choices]
    )
    priority = forms.ChoiceField(
        label=_("Prioridad"), required=False, choices=[("", _("Todas")), *Priority.choices]
    )
    due = forms.ChoiceField(
        label=_("Vencimiento"),
        required=False,
        choices=[
            ("", _("Todos")),
            ("soon", _("Vence pronto")),
            ("overdue", _("Vencidas")),
            ("today", _("Vencen hoy")),
            ("next3", _("Vencen en los próximos 3 días hábiles")),
        ],
    )
    anger = forms.BooleanField(label=_("Solo con alerta de ira"), required=False)
    mine = forms.BooleanField(label=_("Solo asignadas a mí"), required=False)
    legal = forms.BooleanField(label=_("Solo con término legal vencido"), required=False)
    assignee = forms.ChoiceField(label=_("Asignada a"), required=False)
    age = forms.ChoiceField(
        label=_("Antigüedad"),
        required=False,
        choices=[
            ("", _("Cualquiera")),
            ("0_5", _("0 a 5 días hábiles")),
            ("6_10", _("6 a 10 días hábiles")),
            ("11_15", _("11 a 15 días hábiles")),
            ("over_15", _("Más de 15 días hábiles")),
        ],
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, assignees=(), catalogues, **kwargs):
        super().__init__(*args, catalogues=catalogues, **kwargs)
        everything = ("", gettext("Todos"))
        self.fields["pqr_type"].choices = [
            everything,
            *[(str(pk), gettext(name)) for pk, name in catalogues.types],
        ]
        self.fields["team"].choices = [everything, *[(str(pk), n) for pk, n in catalogues.teams]]
        self.fields["assignee"].choices = [
            ("", gettext("Cualquiera")),
            ("none", gettext("Sin asignar")),
            *[(str(u.pk), u.get_full_name() or u.username) for u in assignees],
        ]


class InlineCustomerForm(CustomerCreateForm):
    """The "new customer" fieldset of the intake page: the customers app's own
    validation and duplicate check. The agent records the consent given to them on
    the phone or at the counter (the web channel is the public form's)."""

    AGENT_CONSENT_CHANNELS = (ConsentChannel.PHONE, ConsentChannel.IN_PERSON)
    PREFIX = "nc"

    class Meta(CustomerCreateForm.Meta):
        # Address, second phone and notes are completed on the profile later.
        fields = [
            f
            for f in CustomerCreateForm.Meta.fields
            if f not in ("secondary_phone", "address", "notes")
        ]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", self.PREFIX)
        super().__init__(*args, **kwargs)
        self.fields["consent_channel"].choices = [
            (c.value, c.label) for c in self.AGENT_CONSENT_CHANNELS
        ]
        self.fields["consent_channel"].initial = ConsentChannel.PHONE
        self.fields["document_type"].initial = DocumentType.CC

    def customer_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class PqrCreateForm(forms.Form):
    customer_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    new_customer = forms.BooleanField(
        label=_("Registrar un cliente nuevo aquí mismo"), required=False
    )
    anonymous = forms.BooleanField(
        label=_("PQR anónima (sin cliente identificado)"), required=False
    )
    # Telephone by default, like the consent channel of a new customer (they move together).
    channel = forms.ChoiceField(
        label=_("Canal de entrada"), choices=Channel.choices, initial=Channel.TELEFONO
    )
    pqr_type = forms.ModelChoiceField(
        label=_("Tipo"), queryset=PqrType.objects.filter(is_active=True)
    )
    priority = forms.ChoiceField(label=_("Prioridad"), choices=Priority.choices)
    received_at = forms.DateTimeField(
        label=_("Recibida el"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Para cartas o PQR verbales registradas después, la fecha real de recepción."),
    )
    subject = forms.CharField(label=_("Asunto"), max_length=200)
    description = forms.CharField(label=_("Descripción"), widget=forms.Textarea(attrs={"rows": 4}))
    verbal_constancia = forms.CharField(
        label=_("Constancia de la atención verbal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obligatoria para PQR presenciales o telefónicas: qué pidió el cliente y qué se "
            "le respondió de palabra."
        ),
    )
    contact_email = forms.EmailField(label=_("Correo de contacto"), required=False)
    moment_of_truth = forms.ModelChoiceField(
        label=_("Momento de verdad"),
        required=False,
        queryset=MomentOfTruth.objects.filter(is_active=True),
        empty_label=_("No aplica / no se sabe"),
    )
    anger_level = forms.TypedChoiceField(
        label=_("Nivel de ira del cliente"),
        choices=ANGER_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
    )
    team = forms.ModelChoiceField(label=_("Equipo"), queryset=Team.objects.filter(is_active=True))
    attachments = attachments_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["team"].queryset = teams_filable_by(user=user)
        self.fields["received_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        self.fields["priority"].initial = Priority.NORMAL

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value and value > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("La fecha de recepción no puede estar en el futuro."))
        return value

    def clean(self):
        data = super().clean()
        if (
            data.get("channel") in VERBAL_CHANNELS
            and not (data.get("verbal_constancia") or "").strip()
        ):
            self.add_error(
                "verbal_constancia",
                _("Registre la constancia: el canal es verbal (presencial o teléfono)."),
            )
        if data.get("anonymous") and data.get("new_customer"):
            self.add_error(
                "anonymous",
                _("Elija una sola opción: PQR anónima o registrar un cliente nuevo."),
            )
        if not (data.get("anonymous") or data.get("customer_id") or data.get("new_customer")):
            raise ValidationError(
                _("Busque y seleccione el cliente, créelo, o marque la PQR como anónima.")
            )
        return data


class MessageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Tipo"),
        choices=MessageKind.choices,
        widget=forms.RadioSelect,
        initial=MessageKind.INTERNAL_NOTE,
    )
    body = forms.CharField(label=_("Texto"), widget=forms.Textarea(attrs={"rows": 4}))
    anger_level = forms.TypedChoiceField(
        label=_("Nivel de ira en este contacto"),
        choices=ANGER_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
    )
    attachments = attachments_field()


class TermPreviewForm(forms.Form):
    """The intake fields that decide a new PQR's dates (the term shown before filing)."""

    pqr_type = forms.ModelChoiceField(queryset=PqrType.objects.filter(is_active=True))
    channel = forms.ChoiceField(choices=Channel.choices, required=False)
    received_at = forms.DateTimeField(required=False)
    priority = forms.ChoiceField(choices=Priority.choices, required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.filter(is_active=True), required=False)


class AssignForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Equipo"), queryset=Team.objects.filter(is_active=True))
    assigned_to = forms.ModelChoiceField(label=_("Agente"), queryset=None, required=False)

    def __init__(self, *args, assignable=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = (
            assignable if assignable is not None else get_user_model().objects.none()
        )
        self.fields["assigned_to"].label_from_instance = lambda u: u.get_full_name() or u.username


class TransitionForm(forms.Form):
    """One form for the status actions; which fields matter depends on the action."""

    note = forms.CharField(
        label=_("Observación"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    destination = forms.CharField(label=_("Entidad destino"), required=False, max_length=200)
    reason = forms.CharField(
        label=_("Motivo"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    root_cause = forms.ModelChoiceField(
        label=_("Causa raíz"), required=False, queryset=RootCause.objects.filter(is_active=True)
    )
    category = forms.ChoiceField(
        label=_("Categoría (Ley 1755, art. 19)"),
        required=False,
        choices=RejectionCategory.choices,
        initial=RejectionCategory.OTRA,
    )
    earlier_radicado = forms.CharField(
        label=_("Radicado de la PQR anterior (reiterativa)"), required=False, max_length=20
    )
    arrived_on = forms.DateField(
        label=_("La información llegó el"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("El día en que llegó, no el día en que se registra."),
    )
    transferred_on = forms.DateField(
        label=_("Enviada a la entidad competente el"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("El día en que realmente se envió (por defecto, hoy)."),
    )


class ReclassifyForm(forms.Form):
    pqr_type = forms.ModelChoiceField(
        label=_("Nuevo tipo"), queryset=PqrType.objects.filter(is_active=True)
    )
    reason = forms.CharField(
        label=_("Por qué se reclasifica"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CompletionExtendForm(forms.Form):
    until = forms.DateField(
        label=_("Nuevo plazo del ciudadano"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Vacío: un mes más, el máximo."),
    )
    note = forms.CharField(
        label=_("Cómo y cuándo lo pidió el ciudadano"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AngerForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Nivel de ira"), choices=AngerLevel.choices, coerce=int)
    note = forms.CharField(label=_("Observación"), required=False, max_length=500)


class TagForm(forms.Form):
    tag = forms.ModelChoiceField(
        label=_("Tipo de cliente"), queryset=DifficultyTag.objects.filter(is_active=True)
    )
    reason = forms.CharField(
        label=_("Motivo (qué pasó en este contacto)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class _RowsInMemory(ModelChoiceIterator):
    """A ModelChoiceField's choices from rows already read (no query); the field's
    queryset still validates a submitted value."""

    def __init__(self, field, rows):
        super().__init__(field)
        self.rows = rows

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.rows:
            yield self.choice(obj)

    def __len__(self):
        return len(self.rows) + (1 if self.field.empty_label is not None else 0)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.rows)


def offer_rows(form: forms.Form, **rows_by_field) -> None:
    """Offer these rows in the form's select fields (the PQR page's catalogues kept in
    memory, pqr.selectors_detail), in place of reading each field's queryset."""
    for name, rows in rows_by_field.items():
        field = form.fields[name]
        field.choices = _RowsInMemory(field, rows)
