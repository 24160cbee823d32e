"""What happens on a PQR: events (append-only), messages, attachments, protocol steps."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from customers.models import AngerLevel

from .pqr import Pqr


class EventKind(models.TextChoices):
    CREATED = "created", _("Radicada")
    STATUS = "status", _("Cambio de estado")
    ASSIGNED = "assigned", _("Asignación")
    FIELD = "field", _("Cambio de dato")
    PROTOCOL = "protocol", _("Paso del protocolo")
    ANGER = "anger", _("Nivel de ira")
    ATTACHMENT = "attachment", _("Adjunto")
    MESSAGE = "message", _("Respuesta al cliente")
    NOTE = "note", _("Nota interna")
    TAG = "tag", _("Etiqueta de cliente")
    NOTIFICATION = "notification", _("Notificación al cliente")
    CUSTOMER_MESSAGE = "customer_message", _("Mensaje del ciudadano")


class PqrEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("PqrEvent rows are append-only")

    def delete(self):
        raise TypeError("PqrEvent rows are append-only")


class PqrEvent(models.Model):
    """Append-only history of everything that happened to a PQR."""

    pqr = models.ForeignKey(Pqr, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=EventKind)
    field = models.CharField(_("campo"), max_length=60, blank=True)
    old_value = models.TextField(_("valor anterior"), blank=True)
    new_value = models.TextField(_("valor nuevo"), blank=True)
    note = models.TextField(_("nota"), blank=True)
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    objects = PqrEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("evento de PQR")
        verbose_name_plural = _("eventos de PQR")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["pqr", "created_at"], name="pqrevent_pqr_created_idx")]

    def __str__(self) -> str:
        return f"{self.pqr_id} · {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("PqrEvent rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("PqrEvent rows are append-only")


class MessageKind(models.TextChoices):
    PUBLIC_ANSWER = "public", _("Respuesta al cliente")
    INTERNAL_NOTE = "internal", _("Nota interna")
    # Written by the customer: an email reply or the status page's form.
    CUSTOMER = "customer", _("Mensaje del ciudadano")


class MessageSource(models.TextChoices):
    STAFF = "", _("Personal de la oficina")
    EMAIL = "email", _("Correo electrónico")
    STATUS_PAGE = "status_page", _("Página de consulta")


class PqrMessage(models.Model):
    pqr = models.ForeignKey(Pqr, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("tipo"), max_length=10, choices=MessageKind)
    body = models.TextField(_("texto"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    anger_level = models.PositiveSmallIntegerField(
        _("nivel de ira en este contacto"), choices=AngerLevel, null=True, blank=True
    )
    # Customer messages: where it came from and, by email, from which address; a
    # reply from another address than the PQR's contact is kept but flagged.
    source = models.CharField(
        _("origen"), max_length=12, choices=MessageSource, blank=True, default=""
    )
    sender_email = models.EmailField(_("remitente"), blank=True)
    sender_mismatch = models.BooleanField(_("remitente distinto del contacto"), default=False)
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("mensaje")
        verbose_name_plural = _("mensajes")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["pqr", "kind", "created_at"], name="pqrmsg_pqr_kind_idx")]

    def __str__(self) -> str:
        return f"{self.pqr_id} · {self.kind}"

    @property
    def is_public(self) -> bool:
        return self.kind == MessageKind.PUBLIC_ANSWER

    @property
    def is_from_customer(self) -> bool:
        return self.kind == MessageKind.CUSTOMER


def attachment_upload_to(instance, filename: str) -> str:
    # Random-looking path: the original name is kept in `filename`, never in the URL.
    return f"pqr/{instance.pqr_id}/{uuid.uuid4().hex}"


class PqrAttachment(models.Model):
    pqr = models.ForeignKey(Pqr, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        PqrMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    file = models.FileField(_("archivo"), upload_to=attachment_upload_to, max_length=255)
    filename = models.CharField(_("nombre original"), max_length=255)
    content_type = models.CharField(_("tipo de contenido"), max_length=100)
    size = models.PositiveIntegerField(_("tamaño (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("adjunto")
        verbose_name_plural = _("adjuntos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_public(self) -> bool:
        """Customer-visible: attached to a public answer, or filed by the customer."""
        return self.message_id is None or self.message.kind == MessageKind.PUBLIC_ANSWER


class ProtocolStepCode(models.IntegerChoices):
    DISCULPARSE = 1, _("Disculparse")
    ESCUCHAR = 2, _("Escuchar")
    EXAMINAR_OPCIONES = 3, _("Examinar opciones")
    COMPENSAR = 4, _("Compensar")
    PERSONALIZAR = 5, _("Personalizar")
    ALINEARSE = 6, _("Alinearse con el cliente")


class CompensationKind(models.TextChoices):
    REFUND = "refund", _("Reembolso")
    DISCOUNT = "discount", _("Descuento")
    REPLACEMENT = "replacement", _("Reposición")
    CREDIT = "credit", _("Crédito o saldo a favor")
    OTHER = "other", _("Otra")
    NONE = "none", _("Ninguna")


class ProtocolStep(models.Model):
    """One of the six complaint-protocol steps done (or justified as N/A) on a PQR."""

    pqr = models.ForeignKey(Pqr, on_delete=models.CASCADE, related_name="protocol_steps")
    step = models.PositiveSmallIntegerField(_("paso"), choices=ProtocolStepCode)
    note = models.TextField(_("qué se hizo"), blank=True)
    not_applicable = models.BooleanField(_("no aplica"), default=False)
    justification = models.TextField(_("justificación"), blank=True)
    compensation_kind = models.CharField(
        _("compensación"), max_length=12, choices=CompensationKind, blank=True
    )
    compensation_amount = models.DecimalField(
        _("valor"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    compensation_currency = models.CharField(_("moneda"), max_length=3, default="COP", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("paso del protocolo")
        verbose_name_plural = _("pasos del protocolo")
        ordering = ["pqr", "step"]
        constraints = [
            models.UniqueConstraint(fields=["pqr", "step"], name="protocolstep_unique_per_pqr"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | ~Q(justification=""),
                name="protocolstep_na_needs_justification",
            ),
            models.CheckConstraint(
                condition=Q(step__gte=1, step__lte=6), name="protocolstep_step_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pqr_id} · {self.get_step_display()}"
