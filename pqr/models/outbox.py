"""Emails to the customer, written in the causing transaction and sent by Celery."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .history import PqrMessage
from .pqr import Pqr


class CustomerEmailKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acuse de recibo")
    ANSWER = "answer", _("Respuesta")
    COMPLETION_REQUEST = "completion_request", _("Solicitud de completar la petición")
    TRANSFER = "transfer", _("Aviso de traslado")
    EXTENSION = "extension", _("Aviso de prórroga")
    REJECTION = "rejection", _("Aviso de rechazo o archivo")
    DESISTIMIENTO = "desistimiento", _("Aviso de desistimiento")


class CustomerEmail(models.Model):
    """Outbox of emails to the customer. The row is written in the transaction that causes
    it; a Celery task sends it and retries until `sent_at` is set, exactly once per key."""

    pqr = models.ForeignKey(Pqr, on_delete=models.CASCADE, related_name="customer_emails")
    kind = models.CharField(_("tipo"), max_length=30, choices=CustomerEmailKind)
    message = models.ForeignKey(
        PqrMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # kind:pqr_id:message_id, so a retried or duplicated trigger never sends twice.
    dedupe_key = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("correo al cliente")
        verbose_name_plural = _("correos al cliente")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="pqr_email_unsent_idx",
                condition=Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.dedupe_key
