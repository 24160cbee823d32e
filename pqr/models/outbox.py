"""Emails to the customer, written in the causing transaction and sent by Celery."""

from django.conf import settings
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
    DUE_DATE_MOVED = "due_date_moved", _("Aviso de nueva fecha máxima de respuesta")
    RECURSO_DECISION = "recurso_decision", _("Decisión de un recurso")
    TERM_RESUMED = "term_resumed", _("Aviso de término reanudado")


class CustomerEmail(models.Model):
    """Outbox of emails to the customer. The row is written in the transaction that causes
    it; a Celery task sends it and retries until `sent_at` is set. One row per key; the
    delivery is at least once (a crash between the server's accept and our commit sends
    it again, with the same Message-ID). After the retry window it is `failed_at` and
    shown to staff, who retry it or record that another channel was used."""

    pqr = models.ForeignKey(Pqr, on_delete=models.CASCADE, related_name="customer_emails")
    kind = models.CharField(_("tipo"), max_length=30, choices=CustomerEmailKind)
    message = models.ForeignKey(
        PqrMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # kind:pqr_id:message_id, so a retried or duplicated trigger never sends twice.
    dedupe_key = models.CharField(max_length=80, unique=True)
    # The request that wrote a row left to the outbox relay (core.request_id): the
    # worker's lines for this email carry the same id. Random or the proxy's, never PII.
    request_id = models.CharField(max_length=64, blank=True, default="", db_default="")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # When the next attempt is due (backoff kept here, not in a broker countdown).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The retry window runs from here (created_at, or a staff member's manual retry).
    retry_since = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(_("fallido el"), null=True, blank=True)
    # A failed email closed by staff: the customer was told by another channel.
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("correo al cliente")
        verbose_name_plural = _("correos al cliente")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="pqr_email_unsent_idx",
                condition=Q(sent_at__isnull=True),
            ),
            models.Index(
                fields=["-failed_at"],
                name="pqr_email_failed_idx",
                condition=Q(failed_at__isnull=False, sent_at__isnull=True, handled_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.dedupe_key
