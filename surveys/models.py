"""Satisfaction surveys ("Califique nuestro servicio"), their answers and service recovery."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Score(models.IntegerChoices):
    """The satisfaction scale of the course material (domain.md section 6)."""

    VERY_UNSATISFIED = 1, _("Completamente insatisfecho")
    UNSATISFIED = 2, _("Insatisfecho")
    NEUTRAL = 3, _("Neutral")
    SATISFIED = 4, _("Satisfecho")
    VERY_SATISFIED = 5, _("Completamente satisfecho")


# The eight components of good service, each an optional 1-5 rating on a response.
DIMENSIONS: list[tuple[str, str]] = [
    ("credibility", _("Credibilidad")),
    ("communication", _("Comunicación")),
    ("understanding", _("Comprensión")),
    ("accessibility", _("Accesibilidad")),
    ("courtesy", _("Cortesía")),
    ("professionalism", _("Profesionalismo")),
    ("responsiveness", _("Capacidad de respuesta")),
    ("reliability", _("Fiabilidad")),
]
DIMENSION_FIELDS = [name for name, _label in DIMENSIONS]

RECOVERY_THRESHOLD = 2  # scores at or below this open a recovery case


class SurveyStatus(models.TextChoices):
    PENDING = "pending", _("Pendiente")
    ANSWERED = "answered", _("Respondida")
    EXPIRED = "expired", _("Vencida")


class SurveySource(models.TextChoices):
    PQR = "pqr", _("Después de resolver una PQR")
    GENERAL = "general", _("Formulario general")


class PointOfService(models.Model):
    """A branch, counter or channel where the general form is offered (e.g. via QR)."""

    name = models.CharField(_("nombre"), max_length=120, unique=True)
    is_active = models.BooleanField(_("activo"), default=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("punto de atención")
        verbose_name_plural = _("puntos de atención")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class SatisfactionSurvey(models.Model):
    """One invitation to rate the service: for a resolved PQR, or a general-form visit."""

    source = models.CharField(_("origen"), max_length=10, choices=SurveySource)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("cliente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="satisfaction_surveys",
    )
    pqr = models.ForeignKey(
        "pqr.Pqr",
        verbose_name=_("PQR"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="satisfaction_surveys",
    )
    language = models.CharField(_("idioma"), max_length=10, default="es-co")
    # Only a SHA-256 of the random token is stored; the token itself lives in the email.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    status = models.CharField(
        _("estado"), max_length=10, choices=SurveyStatus, default=SurveyStatus.PENDING
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    sent_at = models.DateTimeField(_("enviada"), null=True, blank=True)
    expires_at = models.DateTimeField(_("vence"), null=True, blank=True)

    class Meta:
        verbose_name = _("encuesta de satisfacción")
        verbose_name_plural = _("encuestas de satisfacción")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["source", "sent_at"], name="survey_source_sent_idx"),
            # The hourly expiry job reads only pending surveys by date.
            models.Index(
                fields=["expires_at"],
                name="survey_pending_expiry_idx",
                condition=Q(status="pending"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pqr"],
                condition=models.Q(pqr__isnull=False) & ~models.Q(status="expired"),
                name="survey_one_live_per_pqr",
            ),
            models.CheckConstraint(
                condition=models.Q(source="general", pqr__isnull=True) | models.Q(source="pqr"),
                name="survey_general_has_no_pqr",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} #{self.pk}"


class SurveyResponse(models.Model):
    survey = models.OneToOneField(
        SatisfactionSurvey,
        verbose_name=_("encuesta"),
        on_delete=models.CASCADE,
        related_name="response",
    )
    score = models.PositiveSmallIntegerField(_("calificación general"), choices=Score)
    credibility = models.PositiveSmallIntegerField(
        _("credibilidad"), choices=Score, null=True, blank=True
    )
    communication = models.PositiveSmallIntegerField(
        _("comunicación"), choices=Score, null=True, blank=True
    )
    understanding = models.PositiveSmallIntegerField(
        _("comprensión"), choices=Score, null=True, blank=True
    )
    accessibility = models.PositiveSmallIntegerField(
        _("accesibilidad"), choices=Score, null=True, blank=True
    )
    courtesy = models.PositiveSmallIntegerField(_("cortesía"), choices=Score, null=True, blank=True)
    professionalism = models.PositiveSmallIntegerField(
        _("profesionalismo"), choices=Score, null=True, blank=True
    )
    responsiveness = models.PositiveSmallIntegerField(
        _("capacidad de respuesta"), choices=Score, null=True, blank=True
    )
    reliability = models.PositiveSmallIntegerField(
        _("fiabilidad"), choices=Score, null=True, blank=True
    )
    comment = models.TextField(_("comentario"), blank=True)
    point_of_service = models.ForeignKey(
        PointOfService,
        verbose_name=_("punto de atención"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
    )
    contact_name = models.CharField(_("nombre de contacto"), max_length=120, blank=True)
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    contact_phone = models.CharField(_("teléfono de contacto"), max_length=20, blank=True)
    contact_consent_at = models.DateTimeField(_("autorización de contacto"), null=True, blank=True)
    answered_at = models.DateTimeField(_("respondida"), db_index=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("respuesta de encuesta")
        verbose_name_plural = _("respuestas de encuesta")
        ordering = ["-answered_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="survey_response_score_1_5"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True})
                    | Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"survey_response_{field}_1_5",
                )
                for field in DIMENSION_FIELDS
            ],
            models.CheckConstraint(
                condition=Q(contact_consent_at__isnull=False)
                | Q(contact_name="", contact_email="", contact_phone=""),
                name="survey_response_contact_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score} · {self.survey}"


class RecoveryStatus(models.TextChoices):
    OPEN = "open", _("Abierta")
    CLOSED = "closed", _("Cerrada")


class RecoveryOutcome(models.TextChoices):
    RECOVERED = "recovered", _("Cliente recuperado")
    PARTIAL = "partial", _("Recuperación parcial")
    NOT_RECOVERED = "not_recovered", _("No se logró recuperar")
    UNREACHABLE = "unreachable", _("No fue posible contactarlo")


class RecoveryCase(models.Model):
    """The follow-up a supervisor owes a customer who rated the service 1 or 2."""

    survey = models.OneToOneField(
        SatisfactionSurvey,
        verbose_name=_("encuesta"),
        on_delete=models.CASCADE,
        related_name="recovery_case",
    )
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("cliente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recovery_cases",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recovery_cases",
    )
    score = models.PositiveSmallIntegerField(_("calificación"), choices=Score)
    comment = models.TextField(_("comentario del cliente"), blank=True)
    status = models.CharField(
        _("estado"), max_length=10, choices=RecoveryStatus, default=RecoveryStatus.OPEN
    )
    action = models.TextField(_("acción de recuperación"), blank=True)
    outcome = models.CharField(_("resultado"), max_length=20, choices=RecoveryOutcome, blank=True)
    created_at = models.DateTimeField(_("abierta"), auto_now_add=True)
    closed_at = models.DateTimeField(_("cerrada"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cerrada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("caso de recuperación")
        verbose_name_plural = _("casos de recuperación")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="recovery_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False, outcome__gt=""),
                name="recovery_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return _("Recuperación #%(pk)s") % {"pk": self.pk}


class SurveyEvent(models.Model):
    """Append-only audit of survey writes (invited, answered, score changed, recovery)."""

    survey = models.ForeignKey(SatisfactionSurvey, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=30)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.survey_id}"
