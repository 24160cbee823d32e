from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    PURPOSE_HANDLING,
    PURPOSE_SURVEYS,
    ConsentChannel,
    ConsentPurpose,
    Customer,
    DifficultyTag,
)
from .scoping import pqrs_visible_to
from .selectors import customer_duplicates
from .validation import validate_document, validate_phone


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Buscar cliente"),
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Documento, nombre, correo o teléfono"),
                "autofocus": True,
                "autocomplete": "off",
            }
        ),
    )


class CustomerForm(forms.ModelForm):
    duplicates: list = []

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Look-alike profiles are shown within this user's scope (customer_duplicates).
        self.user = user

    class Meta:
        model = Customer
        fields = [
            "person_type",
            "document_type",
            "document_number",
            "full_name",
            "email",
            "phone",
            "secondary_phone",
            "address",
            "city",
            "preferred_channel",
            "notes",
        ]
        help_texts = {
            "document_number": _("Puede escribirlo con puntos; el NIT con su dígito: 900123456-8."),
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        doc_type, number = data.get("document_type"), data.get("document_number")
        if doc_type and number:
            try:
                data["document_number"] = validate_document(doc_type, number)
            except ValidationError as exc:
                self.add_error("document_number", exc)
        if data.get("person_type") == "juridica" and doc_type and doc_type != "NIT":
            self.add_error("document_type", _("Una persona jurídica se identifica con NIT."))
        for key in ("phone", "secondary_phone"):
            try:
                data[key] = validate_phone(data.get(key, ""))
            except ValidationError as exc:
                self.add_error(key, exc)
        if data.get("email"):
            data["email"] = data["email"].strip().lower()
        self._find_duplicates(data)
        return data

    def _find_duplicates(self, data) -> None:
        """Same document is an error; same email or phone is a warning (view decides)."""
        self.duplicates = customer_duplicates(
            user=self.user,
            document_type=data.get("document_type") or "",
            document_number=data.get("document_number") or "",
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            exclude_pk=self.instance.pk,
        )
        same_document = [
            c
            for c in self.duplicates
            if c.document_type == data.get("document_type")
            and c.document_number == data.get("document_number")
        ]
        if same_document and "document_number" not in self.errors:
            # A field error also keeps Django's own unique-constraint message away.
            self.add_error(
                "document_number",
                _("Ya existe un cliente con este documento (vea el enlace arriba)."),
            )

    def validate_unique(self):
        # Uniqueness is checked against the normalised number, with a link (in the view).
        pass


class CustomerCreateForm(CustomerForm):
    consent_given = forms.BooleanField(
        label=_("El cliente autorizó el tratamiento de sus datos personales"),
        help_text=_(
            "Si la atención es telefónica, la autorización verbal queda registrada a su nombre."
        ),
    )
    consent_channel = forms.ChoiceField(
        label=_("¿Cómo dio la autorización?"), choices=ConsentChannel.choices, initial="phone"
    )
    survey_consent = forms.BooleanField(
        label=_("Además acepta que lo contactemos para encuestas de satisfacción (opcional)"),
        required=False,
        help_text=_("Pregúntelo aparte: atender su PQR no depende de esta respuesta."),
    )
    confirm_duplicates = forms.BooleanField(
        label=_("Revisé los perfiles parecidos y es otra persona"), required=False
    )

    class Meta(CustomerForm.Meta):
        fields = [*CustomerForm.Meta.fields]

    def consent_purposes(self) -> list[str]:
        purposes = [PURPOSE_HANDLING]
        if self.cleaned_data.get("survey_consent"):
            purposes.append(PURPOSE_SURVEYS)
        return purposes


class CustomerPqrChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.radicado} · {obj.subject[:60]}"


class TagAssignForm(forms.Form):
    tag = forms.ModelChoiceField(
        label=_("Tipo de cliente"), queryset=DifficultyTag.objects.filter(is_active=True)
    )
    reason = forms.CharField(
        label=_("Motivo"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Describa lo ocurrido en el contacto, con hechos."),
    )
    pqr = CustomerPqrChoiceField(
        label=_("PQR donde ocurrió (opcional)"),
        queryset=None,
        required=False,
        empty_label=_("Ninguna en particular"),
    )

    def __init__(self, *args, customer: Customer, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this customer's PQRs, and of those only the ones the user may open.
        self.fields["pqr"].queryset = (
            pqrs_visible_to(user=user)
            .filter(customer=customer)
            .only("pk", "radicado", "subject")
            .order_by("-received_at", "-pk")
        )


class ConsentGrantForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Finalidad"), choices=ConsentPurpose.choices, widget=forms.HiddenInput
    )
    channel = forms.ChoiceField(
        label=_("¿Cómo dio de nuevo la autorización?"),
        choices=ConsentChannel.choices,
        initial=ConsentChannel.PHONE,
    )
    confirm = forms.BooleanField(
        label=_("El titular autorizó otra vez el tratamiento de sus datos personales")
    )


class ConsentRevokeForm(forms.Form):
    # Blank: every purpose (the holder withdraws all of it).
    purpose = forms.ChoiceField(
        choices=[("", ""), *ConsentPurpose.choices], required=False, widget=forms.HiddenInput
    )


class TagRemoveForm(forms.Form):
    reason = forms.CharField(label=_("Motivo del retiro"), widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(
        label=_("Número interno (#) del perfil duplicado"),
        help_text=_("Ese perfil se desactiva y todo lo suyo pasa a este cliente."),
    )
    confirm = forms.BooleanField(label=_("Entiendo que la fusión no se puede deshacer"))

    def __init__(self, *args, survivor: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.survivor = survivor

    def clean_duplicate(self):
        pk = self.cleaned_data["duplicate"]
        if pk == self.survivor.pk:
            raise ValidationError(_("Elija un perfil distinto del actual."))
        try:
            return Customer.objects.get(pk=pk, is_active=True)
        except Customer.DoesNotExist:
            raise ValidationError(_("No existe un cliente activo con ese número.")) from None


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Confirmo que el titular lo pidió y que esta acción es irreversible")
    )


class CustomerListFilterForm(forms.Form):
    tag = forms.ModelChoiceField(
        label=_("Etiqueta"),
        queryset=DifficultyTag.objects.all(),
        required=False,
        empty_label=_("Todas"),
    )
    city = forms.CharField(label=_("Ciudad"), required=False, max_length=100)
    open_pqrs = forms.ChoiceField(
        label=_("PQR abiertas"),
        required=False,
        choices=[("", _("Todos")), ("si", _("Con PQR abiertas")), ("no", _("Sin PQR abiertas"))],
    )
    at_risk = forms.BooleanField(
        label=_("En riesgo de irse"),
        required=False,
        help_text=_("Tres o más quejas o reclamos en 90 días, o una encuesta calificada 1 o 2."),
    )
