"""Mailboxes the office reads PQRs from, and every message read, kept before use."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pqr.models import Pqr, PqrMessage, Team


class Security(models.TextChoices):
    SSL = "ssl", _("IMAP sobre TLS (IMAPS, puerto 993)")
    STARTTLS = "starttls", _("STARTTLS (puerto 143)")
    # Only for a server on this machine (the demo and test dovecot).
    NONE = "none", _("Sin cifrado (solo servidor local de pruebas)")


class Mailbox(models.Model):
    """An IMAP mailbox polled for PQRs. The password is stored encrypted (Fernet,
    `mailbox.crypto`) and never shown back."""

    name = models.CharField(_("nombre"), max_length=100, unique=True)
    address = models.EmailField(
        _("dirección del buzón"),
        help_text=_("La dirección a la que escriben los ciudadanos, p. ej. pqr@entidad.gov.co."),
    )
    host = models.CharField(_("servidor IMAP"), max_length=255)
    port = models.PositiveIntegerField(_("puerto"), default=993)
    security = models.CharField(
        _("seguridad"), max_length=10, choices=Security, default=Security.SSL
    )
    username = models.CharField(_("usuario"), max_length=255)
    password_encrypted = models.TextField(_("contraseña (cifrada)"), blank=True, editable=False)
    folder = models.CharField(_("carpeta de entrada"), max_length=255, default="INBOX")
    processed_folder = models.CharField(
        _("carpeta de procesados"), max_length=255, default="PQR/Procesados"
    )
    failed_folder = models.CharField(
        _("carpeta de no procesados"), max_length=255, default="PQR/Revisar"
    )
    # pqr+<token>@entidad.gov.co in Reply-To; off when the server does not deliver
    # plus-addressed mail to the mailbox (replies then thread by In-Reply-To/radicado).
    plus_addressing = models.BooleanField(
        _("dirección de respuesta con token (pqr+token@...)"), default=True
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("equipo que recibe las PQR"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vacío: el equipo por defecto."),
    )
    is_active = models.BooleanField(_("activo"), default=True)
    last_polled_at = models.DateTimeField(_("última lectura"), null=True, blank=True)
    last_error = models.TextField(_("último error"), blank=True)
    last_error_at = models.DateTimeField(_("fecha del último error"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buzón de correo")
        verbose_name_plural = _("buzones de correo")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"


class InboundStatus(models.TextChoices):
    PENDING = "pending", _("Por procesar")
    NEW_PQR = "new_pqr", _("PQR nueva")
    REPLY = "reply", _("Respuesta en una PQR")
    DUPLICATE = "duplicate", _("Repetido")
    AUTO_REPLY = "auto_reply", _("Respuesta automática (ignorada)")
    BOUNCE = "bounce", _("Rebote")
    QUARANTINED = "quarantined", _("Guardado para revisión")


DONE_STATUSES = (
    InboundStatus.NEW_PQR,
    InboundStatus.REPLY,
    InboundStatus.DUPLICATE,
    InboundStatus.AUTO_REPLY,
    InboundStatus.BOUNCE,
)


class InboundEmail(models.Model):
    """One message read from a mailbox, written (with its bytes) before anything is
    done with it. The unique constraints make a repeated poll or a second worker
    harmless; the mailbox copy is moved away only after this row's outcome commits."""

    mailbox = models.ForeignKey(Mailbox, on_delete=models.PROTECT, related_name="messages")
    uidvalidity = models.BigIntegerField()
    uid = models.BigIntegerField()
    # The header as sent (angle brackets included); empty when the message has none.
    message_id = models.CharField(max_length=998, blank=True)
    raw = models.BinaryField(_("mensaje original (.eml)"))
    size = models.PositiveIntegerField(_("tamaño (bytes)"))
    sender = models.CharField(_("remitente"), max_length=320, blank=True)
    subject = models.CharField(_("asunto"), max_length=255, blank=True)
    # IMAP INTERNALDATE: when the office's server received it (the Date header is the
    # sender's claim).
    arrived_at = models.DateTimeField(_("llegó"))
    status = models.CharField(
        _("resultado"), max_length=12, choices=InboundStatus, default=InboundStatus.PENDING
    )
    reason = models.TextField(_("motivo"), blank=True)
    refused_attachments = models.JSONField(default=list, blank=True)
    pqr = models.ForeignKey(
        Pqr, on_delete=models.SET_NULL, null=True, blank=True, related_name="inbound_emails"
    )
    pqr_message = models.ForeignKey(
        PqrMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # Moved out of the inbox folder on the server (to processed or for review).
    moved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("correo recibido")
        verbose_name_plural = _("correos recibidos")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"], name="inbound_unique_uid"
            ),
            models.UniqueConstraint(
                fields=["mailbox", "message_id"],
                condition=~Q(message_id=""),
                name="inbound_unique_message_id",
            ),
        ]
        indexes = [
            models.Index(
                fields=["mailbox", "id"],
                condition=Q(status="pending"),
                name="inbound_pending_idx",
            ),
            models.Index(
                fields=["mailbox", "id"],
                condition=Q(moved_at__isnull=True),
                name="inbound_unmoved_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mailbox_id}:{self.uidvalidity}:{self.uid}"
