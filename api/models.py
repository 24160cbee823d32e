"""API keys (hashed at rest, bound to teams, scoped) and idempotency records."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    INTAKE = "intake", _("Radicar PQR y consultar su estado")
    READ = "read", _("Leer PQR y clientes")
    WRITE = "write", _("Responder, anotar y cambiar el estado")
    REPORTS = "reports", _("Informes legales, resultados de encuestas y cálculo de fechas")


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """One integration's key. Only its SHA-256 is stored: the key is shown once.

    Each key acts through its own service account (`user`, in the Agente role and a
    member of no team): the PQR visibility rule scopes it to the key's `teams`, so the
    API sees exactly what an agent of those teams sees in the UI, and events written
    through the API name the integration.
    """

    name = models.CharField(_("nombre de la integración"), max_length=100)
    prefix = models.CharField(_("prefijo"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = ArrayField(
        models.CharField(max_length=10, choices=Scope), verbose_name=_("permisos"), default=list
    )
    teams = models.ManyToManyField("pqr.Team", verbose_name=_("equipos"), related_name="+")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_key",
        editable=False,
    )
    rate_per_minute = models.PositiveIntegerField(
        _("solicitudes por minuto"), null=True, blank=True, help_text=_("Vacío: el general.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("creada por"),
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("último uso"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revocada"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("llave de API")
        verbose_name_plural = _("llaves de API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """A POST that carried an Idempotency-Key: the same key again returns the stored
    answer instead of filing twice. The unique constraint makes two concurrent
    retries collide in the database, not in Python."""

    # The caller: a key's service account or a staff member.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    operation = models.CharField(max_length=60)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "operation", "key"], name="api_idempotency_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.key}"


class WebhookEvent(models.TextChoices):
    PQR_CREATED = "pqr.created", _("PQR radicada")
    PQR_ANSWERED = "pqr.answered", _("PQR respondida")
    PQR_RESOLVED = "pqr.resolved", _("PQR resuelta")
    PQR_BREACHED = "pqr.breached", _("Plazo vencido")
    SURVEY_ANSWERED = "survey.answered", _("Encuesta respondida")


class WebhookEndpoint(models.Model):
    """An HTTPS address an administrator registered for some events. The secret signs
    every payload (HMAC-SHA256); it is kept in clear because signing needs it."""

    name = models.CharField(_("nombre"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    events = ArrayField(
        models.CharField(max_length=20, choices=WebhookEvent), verbose_name=_("eventos")
    )
    teams = models.ManyToManyField(
        "pqr.Team",
        verbose_name=_("equipos"),
        related_name="+",
        blank=True,
        help_text=_("Solo PQR de estos equipos; vacío: todos."),
    )
    secret = models.CharField(_("secreto de firma"), max_length=64, editable=False)
    is_active = models.BooleanField(_("activo"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """The outbox: one row per event and endpoint, written in the event's transaction.
    `delivery_id` is sent with every attempt (the receiver drops repeats by it);
    `dedupe_key` makes a repeated announcement of the same occurrence harmless."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("evento"), max_length=20, choices=WebhookEvent)
    delivery_id = models.UUIDField(unique=True, editable=False)
    dedupe_key = models.CharField(max_length=120)
    payload = models.JSONField()
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    next_attempt_at = models.DateTimeField(_("próximo intento"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("último intento"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(
        _("última respuesta"), null=True, blank=True
    )
    last_error = models.TextField(_("último error"), blank=True)
    delivered_at = models.DateTimeField(_("entregada"), null=True, blank=True)
    failed_at = models.DateTimeField(_("abandonada"), null=True, blank=True)

    class Meta:
        verbose_name = _("entrega de webhook")
        verbose_name_plural = _("entregas de webhooks")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "dedupe_key"], name="api_webhook_delivery_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(delivered_at__isnull=True, failed_at__isnull=True),
                name="api_webhook_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.delivery_id}"
