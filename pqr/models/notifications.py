"""Proof that each decision reached the customer: one row per decision and channel,
and the public notices (avisos) published when personal notification is not possible."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .history import PqrMessage
from .outbox import CustomerEmail
from .pqr import Pqr


class NotificationDecision(models.TextChoices):
    ANSWER = "answer", _("Respuesta")
    EXTENSION = "extension", _("Prórroga")
    TRANSFER = "transfer", _("Traslado")
    COMPLETION_REQUEST = "completion_request", _("Solicitud de completar")
    REJECTION = "rejection", _("Rechazo o archivo")
    DESISTIMIENTO = "desistimiento", _("Desistimiento")
    RECURSO = "recurso", _("Decisión de un recurso")


class NotificationChannel(models.TextChoices):
    EMAIL = "email", _("Correo electrónico")
    IN_PERSON = "in_person", _("En persona, con constancia")
    POST = "post", _("Correo postal, con número de guía")
    PHONE = "phone", _("Por teléfono, con constancia")
    NOTICE = "notice", _("Aviso publicado en el sitio web")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    SENT = "sent", _("Enviada")
    DELIVERED = "delivered", _("Entregada")
    FAILED = "failed", _("Fallida")


# Statuses that mean the decision went out (an email accepted by the mail server, a
# letter handed to the carrier, a notice published, a personal or phone notification).
WENT_OUT = (NotificationStatus.SENT, NotificationStatus.DELIVERED)


def evidence_upload_to(instance, filename: str) -> str:
    # Random-looking path: the original name is kept in `evidence_name`, never in the URL.
    return f"pqr/{instance.pqr_id}/notificaciones/{uuid.uuid4().hex}"


class CustomerNotification(models.Model):
    """How one decision was communicated to the customer, and the proof."""

    pqr = models.ForeignKey(Pqr, on_delete=models.CASCADE, related_name="notifications")
    decision = models.CharField(_("decisión"), max_length=20, choices=NotificationDecision)
    channel = models.CharField(_("canal"), max_length=12, choices=NotificationChannel)
    address = models.CharField(_("dirección usada"), max_length=254, blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=NotificationStatus, default=NotificationStatus.PENDING
    )
    message = models.ForeignKey(
        PqrMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    customer_email = models.ForeignKey(
        CustomerEmail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # The date the customer was notified (in person, phone, post) or the notice ended.
    notified_on = models.DateField(_("fecha de notificación"), null=True, blank=True)
    smtp_message_id = models.CharField(_("Message-ID aceptado"), max_length=255, blank=True)
    guide_number = models.CharField(_("número de guía"), max_length=60, blank=True)
    constancia = models.TextField(_("constancia"), blank=True)
    # What the customer was told about recursos against this decision (written by the
    # deciding service from pqr.services.recursos, in the customer's language).
    recursos = models.TextField(_("recursos informados"), blank=True)
    evidence = models.FileField(
        _("soporte (firma, guía, constancia)"),
        upload_to=evidence_upload_to,
        max_length=255,
        blank=True,
    )
    evidence_name = models.CharField(max_length=255, blank=True)
    failure_reason = models.TextField(_("motivo de la falla"), blank=True)
    sent_at = models.DateTimeField(_("enviada"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("entregada"), null=True, blank=True)
    failed_at = models.DateTimeField(_("falló"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registrada"), auto_now_add=True)

    class Meta:
        verbose_name = _("notificación al cliente")
        verbose_name_plural = _("notificaciones al cliente")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["pqr", "decision", "status"], name="pqr_notif_decision_idx"),
            models.Index(
                fields=["smtp_message_id"],
                name="pqr_notif_msgid_idx",
                condition=~Q(smtp_message_id=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel="post") | ~Q(guide_number=""),
                name="pqr_notif_post_needs_guide",
            ),
            models.CheckConstraint(
                condition=~Q(channel__in=["in_person", "phone"]) | ~Q(constancia=""),
                name="pqr_notif_verbal_needs_constancia",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pqr_id} · {self.decision} · {self.channel} · {self.status}"

    @property
    def went_out(self) -> bool:
        return self.status in WENT_OUT


class PublicNotice(models.Model):
    """An aviso published on the site's public page for five business days
    (Ley 1437 art. 69) when the customer cannot be notified personally."""

    notification = models.OneToOneField(
        CustomerNotification, on_delete=models.CASCADE, related_name="notice"
    )
    pqr = models.ForeignKey(Pqr, on_delete=models.CASCADE, related_name="public_notices")
    text = models.TextField(_("texto del aviso"))
    published_on = models.DateField(_("publicado desde"))
    published_until = models.DateField(_("publicado hasta"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aviso publicado")
        verbose_name_plural = _("avisos publicados")
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["published_until"], name="pqr_notice_until_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_until__gte=models.F("published_on")),
                name="pqr_notice_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pqr_id} {self.published_on} - {self.published_until}"
