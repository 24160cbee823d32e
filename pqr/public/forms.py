"""Forms of the public (no login) side: filing a PQR and looking it up."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from customers.models import DocumentType
from customers.validation import validate_document, validate_phone
from pqr.catalogue_version import active_type_kept
from pqr.forms import attachments_field
from pqr.models import PqrType, Priority
from pqr.selectors import radicado_candidates

ANONYMOUS_DENUNCIA_MIN_CHARS = 80
DENUNCIA_CODE = "denuncia"
DESCRIPTION_MAX_CHARS = 10000
SUBJECT_MAX_CHARS = 200


# Filled in by the counter script: {used}, {max}, {left}, {over} (numbers as es-CO/en).
COUNTER_LEFT = _("{used} de {max} caracteres (quedan {left})")
COUNTER_OVER = _("Sobran {over} caracteres del límite de {max}: acorte el texto")


def counted(field: forms.CharField) -> forms.CharField:
    """No `maxlength` on the box (the browser would cut a pasted text without a word):
    a live counter (static/js/char_counter.js) says how much is left, and the server
    still refuses a longer text with a clear error."""
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs |= {
        "data-max-chars": str(field.max_length),
        "data-counter-left": COUNTER_LEFT,
        "data-counter-over": COUNTER_OVER,
    }
    return field


class KeptTypeChoiceField(forms.ModelChoiceField):
    """The chosen type from this process's copy of the active types (no query), with
    the catalogue token it was read under; the filing reads it again if the token has
    changed since (pqr.services.intake). Not in the copy: read as usual."""

    catalogue_token = None

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            kept = active_type_kept(int(value))
        except (TypeError, ValueError):
            kept = None
        if kept is None:
            self.catalogue_token = None
            return super().to_python(value)
        self.catalogue_token, pqr_type = kept
        return pqr_type


class FixedChoiceField(forms.ChoiceField):
    """A ChoiceField whose fixed choices every copy of the form shares: Django deep-copies
    them for each form it builds, a quarter of the public filing's form cost (issue 18).
    The choices are never changed in place, only replaced."""

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result


class PublicPqrForm(forms.Form):
    IDENTIFIED, ANONYMOUS = "identified", "anonymous"
    EMAIL, PHONE = "email", "phone"

    pqr_type = KeptTypeChoiceField(
        label=_("¿Qué desea presentar?"),
        queryset=PqrType.objects.filter(is_active=True),
        empty_label=_("Elija una opción"),
    )
    subject = forms.CharField(label=_("Asunto"), max_length=SUBJECT_MAX_CHARS)
    description = forms.CharField(
        label=_("Cuéntenos qué pasó o qué necesita"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=DESCRIPTION_MAX_CHARS,
        help_text=_("Incluya fechas, lugares, números de factura o de pedido si los tiene."),
    )
    attachments = attachments_field()
    urgency = FixedChoiceField(
        label=_("¿Es urgente?"),
        required=False,
        choices=[
            ("", _("No, trámite normal")),
            (Priority.RIESGO_VIDA, _("Hay riesgo para la vida o la integridad de una persona")),
            (Priority.DERECHO_FUNDAMENTAL, _("Se trata de un derecho fundamental")),
            (Priority.PERJUICIO_IRREMEDIABLE, _("Es para evitar un perjuicio irremediable")),
            (Priority.PERIODISTA, _("Soy periodista y la pido para mi trabajo")),
        ],
        help_text=_("Estas peticiones se atienden primero (Ley 1755 de 2015, art. 20)."),
    )
    identification = FixedChoiceField(
        label=_("¿Cómo quiere presentarla?"),
        choices=[
            (IDENTIFIED, _("Con mis datos")),
            (ANONYMOUS, _("De forma anónima")),
        ],
        widget=forms.RadioSelect,
        initial=IDENTIFIED,
    )
    document_type = FixedChoiceField(
        label=_("Tipo de documento"),
        choices=[("", _("Elija el tipo")), *DocumentType.choices],
        required=False,
    )
    document_number = forms.CharField(label=_("Número de documento"), max_length=25, required=False)
    full_name = forms.CharField(
        label=_("Nombre completo o razón social"), max_length=200, required=False
    )
    contact_email = forms.EmailField(
        label=_("Correo electrónico para notificaciones"),
        required=False,
        help_text=_(
            "Allí le enviaremos el radicado y la respuesta. Obligatorio si radica con sus "
            "datos; opcional si es anónima."
        ),
    )
    contact_preference = FixedChoiceField(
        label=_("¿Cómo prefiere que lo contactemos?"),
        choices=[(EMAIL, _("Por correo electrónico")), (PHONE, _("Por teléfono"))],
        widget=forms.RadioSelect,
        initial=EMAIL,
        required=False,
        help_text=_("La respuesta escrita siempre le llega también al correo que indique."),
    )
    contact_phone = forms.CharField(
        label=_("Teléfono de contacto"),
        max_length=25,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Celular o fijo con indicativo, por ejemplo 300 123 4567 o 601 555 1234."),
    )
    # Ley 1581: one box per purpose. Filing needs only the handling of the PQR.
    consent = forms.BooleanField(
        label=_(
            "Autorizo que usen mis datos para tramitar y responder esta solicitud, según la "
            "política descrita."
        ),
        error_messages={
            "required": _(
                "Para radicar necesitamos su autorización para usar sus datos en el trámite "
                "de la solicitud."
            )
        },
    )
    survey_consent = forms.BooleanField(
        label=_(
            "Además, acepto que me escriban después para preguntarme cómo me atendieron (opcional)."
        ),
        required=False,
        help_text=_(
            "Puede radicar sin marcar esta casilla, y retirar esta autorización cuando quiera."
        ),
    )
    # Honeypot: hidden from people with CSS, filled by naive bots.
    website = forms.CharField(
        required=False,
        label=_("Deje este campo vacío"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counted(self.fields["subject"])
        counted(self.fields["description"])

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    @property
    def is_anonymous(self) -> bool:
        return self.cleaned_data.get("identification") == self.ANONYMOUS

    def filing(self, *, language: str) -> dict:
        """The keyword arguments of `pqr_public_file` for this valid form (the web form
        and the API file through the same mapping)."""
        data = self.cleaned_data
        return {
            "pqr_type": data["pqr_type"],
            "pqr_type_token": self.fields["pqr_type"].catalogue_token,
            "subject": data["subject"],
            "description": data["description"],
            "contact_email": data["contact_email"],
            "language": language,
            "anonymous": self.is_anonymous,
            "document_type": data["document_type"],
            "document_number": data["document_number"],
            "full_name": data["full_name"],
            "attachments": data["attachments"],
            "survey_consent": data["survey_consent"],
            "urgency": data.get("urgency", ""),
            "contact_phone": data.get("contact_phone", ""),
            "prefers_phone": data.get("contact_preference") == self.PHONE,
        }

    def clean_contact_phone(self) -> str:
        return validate_phone(self.cleaned_data.get("contact_phone", ""))

    def clean(self):
        data = super().clean()
        if (
            data.get("contact_preference") == self.PHONE
            and not data.get("contact_phone")
            and "contact_phone" not in self.errors
        ):
            self.add_error("contact_phone", _("Escriba el teléfono al que quiere que lo llamemos."))
        if data.get("identification") == self.ANONYMOUS:
            self._clean_anonymous(data)
        else:
            self._clean_identified(data)
        return data

    def _clean_identified(self, data: dict) -> None:
        required = {
            "document_type": _("Elija el tipo de documento."),
            "document_number": _("Escriba su número de documento."),
            "full_name": _("Escriba su nombre o el de su empresa."),
            "contact_email": _("Escriba un correo para enviarle el radicado y la respuesta."),
        }
        for name, message in required.items():
            if not (data.get(name) or "").strip() and name not in self.errors:
                self.add_error(name, message)
        if data.get("document_type") and data.get("document_number"):
            try:
                data["document_number"] = validate_document(
                    data["document_type"], data["document_number"]
                )
            except ValidationError as exc:
                self.add_error("document_number", exc)

    def _clean_anonymous(self, data: dict) -> None:
        pqr_type = data.get("pqr_type")
        description = (data.get("description") or "").strip()
        if (
            pqr_type is not None
            and pqr_type.code == DENUNCIA_CODE
            and len(description) < ANONYMOUS_DENUNCIA_MIN_CHARS
            and "description" not in self.errors
        ):
            self.add_error(
                "description",
                _(
                    "Una denuncia anónima solo puede tramitarse si describe hechos concretos: "
                    "qué ocurrió, cuándo, dónde y quiénes participaron (al menos %(n)s "
                    "caracteres)."
                )
                % {"n": ANONYMOUS_DENUNCIA_MIN_CHARS},
            )


class PublicLookupForm(forms.Form):
    radicado = forms.CharField(
        label=_("Número de radicado"),
        max_length=20,
        help_text=_("Como aparece en su constancia (PQR-2026-000123) o solo el número (123)."),
        widget=forms.TextInput(attrs={"placeholder": "PQR-2026-000123", "autocomplete": "off"}),
    )
    identifier = forms.CharField(
        label=_("Número de documento o correo electrónico"),
        max_length=254,
        help_text=_("El documento o el correo que dio al radicar."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_radicado(self) -> str:
        """One spelling per radicado ("pqr2026000141", "2026-141" -> PQR-2026-000141;
        "000141" -> "141"), so the per-radicado failure count sees one key."""
        text = self.cleaned_data["radicado"].strip().upper()
        candidates = radicado_candidates(text)
        if len(candidates) == 1:
            return candidates[0]
        return str(int(text)) if candidates else text

    def clean_identifier(self) -> str:
        return self.cleaned_data["identifier"].strip()


class PublicReplyForm(forms.Form):
    """The customer sends what a completion request asked for (status page)."""

    body = forms.CharField(
        label=_("Su respuesta"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
        help_text=_("Escriba la información que le pedimos o explique los archivos que adjunta."),
    )
    attachments = attachments_field()

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("attachments"):
            raise ValidationError(_("Escriba su respuesta o adjunte al menos un archivo."))
        return data
