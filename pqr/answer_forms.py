"""Forms of the answer area and of the notification of decisions."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .emails import email_recipient
from .forms import ANGER_CHOICES, attachments_field
from .models import AnswerTemplate, NotificationChannel, PqrType, RootCause, TemplateLanguage
from .notify import NO_CONTACT, Delivery
from .services import notice_delivery


def channel_choices(*, pqr, acknowledgement: bool = False) -> list[tuple[str, str]]:
    """The channels that can reach this customer: email only with an address; the
    aviso only without one; "no contact" only for an acknowledgement to nobody."""
    has_email = email_recipient(pqr=pqr) is not None
    choices = [] if has_email else [("", _("— Elija cómo se le comunica —"))]
    for value, label in NotificationChannel.choices:
        if value == NotificationChannel.EMAIL and not has_email:
            continue
        if value == NotificationChannel.NOTICE and has_email:
            continue
        choices.append((value, label))
    if acknowledgement and not has_email:
        choices.append((NO_CONTACT, _("Sin datos de contacto: solo queda registrado")))
    return choices


class DeliveryForm(forms.Form):
    """How a decision reaches the customer; email by default when there is an address."""

    channel = forms.ChoiceField(label=_("¿Cómo se le comunica al cliente?"), required=False)
    notified_on = forms.DateField(
        label=_("Fecha en que se le comunicó"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    constancia = forms.CharField(
        label=_("Constancia"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Qué se le dijo o entregó, a quién y cómo lo confirmó."),
    )
    address = forms.CharField(label=_("Dirección o teléfono usado"), required=False, max_length=254)
    guide_number = forms.CharField(label=_("Número de guía"), required=False, max_length=60)
    notice_text = forms.CharField(
        label=_("Texto del aviso"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Se publica 5 días hábiles en la página pública de avisos. Sin datos sensibles."
        ),
    )
    evidence = forms.FileField(
        label=_("Soporte (firma escaneada, guía, constancia)"), required=False
    )

    def __init__(self, *args, pqr, acknowledgement: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.pqr = pqr
        self.fields["channel"].choices = channel_choices(pqr=pqr, acknowledgement=acknowledgement)
        self.has_email = email_recipient(pqr=pqr) is not None
        if not self.is_bound:
            customer = pqr.customer if pqr.customer_id else None
            self.initial.setdefault("notified_on", timezone.localdate())
            if customer is not None:
                place = ", ".join(p for p in (customer.address, customer.city) if p)
                self.initial.setdefault("address", place or customer.phone)
            self.initial.setdefault(
                "notice_text",
                _(
                    "Se comunica una decisión sobre la solicitud %(radicado)s. El interesado puede "
                    "consultarla con el radicado en la oficina de atención."
                )
                % {"radicado": pqr.radicado},
            )

    def clean_notified_on(self):
        value = self.cleaned_data.get("notified_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("La fecha no puede estar en el futuro."))
        return value

    def delivery(self) -> Delivery | None:
        data = self.cleaned_data
        channel = data.get("channel") or ""
        if not channel:
            return Delivery(channel="") if not self.has_email else None
        if channel == NotificationChannel.NOTICE:
            return notice_delivery(text=data.get("notice_text", ""), evidence=data.get("evidence"))
        return Delivery(
            channel=channel,
            address=data.get("address", "") if channel in ("post", "phone", "in_person") else "",
            notified_on=data.get("notified_on"),
            guide_number=data.get("guide_number", ""),
            constancia=data.get("constancia", ""),
            evidence=data.get("evidence"),
        )


class AnswerForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Respuesta tipo"),
        required=False,
        queryset=AnswerTemplate.objects.none(),
        empty_label=_("— Escribir sin plantilla —"),
    )
    body = forms.CharField(
        label=_("Respuesta"),
        widget=forms.Textarea(attrs={"rows": 9, "id": "answer-body"}),
        error_messages={"required": _("Escriba la respuesta al cliente.")},
    )
    letter = forms.BooleanField(
        label=_("Enviar como oficio (carta formal en PDF con radicado de salida)"), required=False
    )
    root_cause = forms.ModelChoiceField(
        label=_("Causa raíz"), required=False, queryset=RootCause.objects.filter(is_active=True)
    )
    anger_level = forms.TypedChoiceField(
        label=_("Nivel de ira en este contacto"),
        choices=ANGER_CHOICES,
        required=False,
        coerce=int,
        empty_value=None,
    )
    attachments = attachments_field()

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if templates is not None:
            self.fields["template"].queryset = templates


class AnswerTemplateForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=120)
    language = forms.ChoiceField(label=_("Idioma"), choices=TemplateLanguage.choices)
    pqr_type = forms.ModelChoiceField(
        label=_("Tipo de PQR"),
        required=False,
        queryset=PqrType.objects.filter(is_active=True),
        empty_label=_("Cualquier tipo"),
    )
    root_cause = forms.ModelChoiceField(
        label=_("Causa raíz"),
        required=False,
        queryset=RootCause.objects.filter(is_active=True),
        empty_label=_("Cualquier causa"),
    )
    body = forms.CharField(label=_("Texto"), widget=forms.Textarea(attrs={"rows": 12}))
    is_active = forms.BooleanField(label=_("Activa"), required=False, initial=True)


class NotificationDeliveredForm(forms.Form):
    on = forms.DateField(
        label=_("Fecha de entrega"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    evidence = forms.FileField(label=_("Soporte de entrega"), required=False)


class NotificationReturnedForm(forms.Form):
    reason = forms.CharField(label=_("Por qué no se entregó"), max_length=500)


class NotificationEvidenceForm(forms.Form):
    evidence = forms.FileField(label=_("Soporte"))
