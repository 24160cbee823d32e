from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LegalRegime(models.TextChoices):
    PUBLICA = "publica", _("Entidad pública")
    PRIVADA = "privada", _("Empresa privada")
    SERVICIOS_PUBLICOS = "servicios_publicos", _("Servicios públicos domiciliarios")


class Organization(models.Model):
    """One organisation per deployment (singleton row pk=1)."""

    name = models.CharField(_("nombre"), max_length=150, default="PQR Desk")
    legal_regime = models.CharField(
        _("régimen legal"), max_length=20, choices=LegalRegime, default=LegalRegime.PRIVADA
    )
    working_weekdays = models.JSONField(
        _("días hábiles de la semana"), default=list, help_text=_("0 = lunes … 6 = domingo")
    )
    office_start = models.TimeField(_("hora de apertura"), default="08:00")
    office_end = models.TimeField(_("hora de cierre"), default="17:00")
    cutoff = models.TimeField(_("hora de corte"), null=True, blank=True)
    warning_share = models.PositiveSmallIntegerField(
        _("aviso al porcentaje del término"), default=75
    )
    calendar_version = models.PositiveIntegerField(default=1, editable=False)
    # Letterhead of the formal letters (oficios); none of these move a due date.
    nit = models.CharField(_("NIT"), max_length=20, blank=True)
    address = models.CharField(_("dirección"), max_length=200, blank=True)
    city = models.CharField(_("ciudad"), max_length=100, blank=True)
    phone = models.CharField(_("teléfono"), max_length=40, blank=True)
    logo = models.FileField(_("logo"), upload_to="organizacion/", max_length=255, blank=True)
    appeal_authority = models.CharField(
        _("ante quién se apela"),
        max_length=200,
        blank=True,
        help_text=_(
            "Entidades públicas: el superior de quien decide. Vacío: el superior jerárquico."
        ),
    )

    class Meta:
        verbose_name = _("organización")
        constraints = [
            models.CheckConstraint(
                condition=Q(warning_share__gte=1, warning_share__lte=99),
                name="sla_org_warning_share",
            ),
            models.CheckConstraint(
                condition=Q(office_end__gt=models.F("office_start")), name="sla_org_hours"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class NonWorkingDay(models.Model):
    day = models.DateField(_("día"), unique=True)
    reason = models.CharField(_("motivo"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["day"]
        verbose_name = _("día no hábil adicional")
        verbose_name_plural = _("días no hábiles adicionales")

    def __str__(self) -> str:
        return f"{self.day} {self.reason}"


class ExtensionRule(models.TextChoices):
    DOUBLE = "double", _("Una vez, hasta el doble del término inicial")
    FIXED = "fixed", _("Una vez, días adicionales fijos")
    NONE = "none", _("Sin prórroga")


class SilenceEffect(models.TextChoices):
    NONE = "none", _("Ninguno")
    ACCEPTED = "accepted", _("Se entiende aceptada (silencio positivo)")
    LATE = "late", _("Respuesta tardía en contra de la empresa")


class LegalTerm(models.Model):
    pqr_type = models.OneToOneField(
        "pqr.PqrType", on_delete=models.CASCADE, related_name="legal_term"
    )
    days = models.PositiveSmallIntegerField(_("término (días hábiles)"))
    extension_rule = models.CharField(_("prórroga"), max_length=10, choices=ExtensionRule)
    extension_days = models.PositiveSmallIntegerField(_("días de prórroga"), default=0)
    silence_effect = models.CharField(
        _("efecto del silencio"), max_length=10, choices=SilenceEffect, default=SilenceEffect.NONE
    )
    source = models.CharField(_("fuente"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("término legal")
        verbose_name_plural = _("términos legales")
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1), name="sla_term_days_positive")
        ]

    def __str__(self) -> str:
        return f"{self.pqr_type_id}: {self.days}"

    def max_extension_days(self) -> int:
        """Never more than the initial term again (Ley 1755 art. 14 parágrafo)."""
        if self.extension_rule == ExtensionRule.DOUBLE:
            return self.days
        if self.extension_rule == ExtensionRule.FIXED:
            return min(self.extension_days, self.days)
        return 0


class LegalTermChange(models.Model):
    """Audit row for every legal-term edit."""

    term = models.ForeignKey(LegalTerm, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    field = models.CharField(max_length=40)
    old_value = models.CharField(max_length=150)
    new_value = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.term_id} {self.field}"


class SettingArea(models.TextChoices):
    CLOSURE = "closure", _("Día no hábil de la oficina")
    POLICY = "policy", _("Política de ANS")
    ORGANIZATION = "organization", _("Horario, sábados y hora de corte")
    LEGAL_TERM = "legal_term", _("Término legal")


class SettingChange(models.Model):
    """Audit row of every edit that can move due dates: who, when, before, after."""

    area = models.CharField(_("qué"), max_length=20, choices=SettingArea)
    subject = models.CharField(_("elemento"), max_length=150)
    before = models.TextField(_("antes"), blank=True)
    after = models.TextField(_("después"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("cuándo"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("cambio de configuración")
        verbose_name_plural = _("cambios de configuración")

    def __str__(self) -> str:
        return f"{self.area} {self.subject}"


class TargetUnit(models.TextChoices):
    HOURS = "hours", _("Horas hábiles")
    DAYS = "days", _("Días hábiles")


class SlaPolicy(models.Model):
    """Ordered rule: the first active one matching a PQR wins; blank fields match all."""

    name = models.CharField(_("nombre"), max_length=100)
    order = models.PositiveSmallIntegerField(_("orden"), default=100)
    is_active = models.BooleanField(_("activa"), default=True)
    pqr_type = models.ForeignKey(
        "pqr.PqrType", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("tipo")
    )
    priority = models.CharField(_("prioridad"), max_length=30, blank=True)
    channel = models.CharField(_("canal"), max_length=20, blank=True)
    team = models.ForeignKey(
        "pqr.Team", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("equipo")
    )
    first_response_value = models.PositiveSmallIntegerField(_("primera respuesta"))
    first_response_unit = models.CharField(
        _("unidad"), max_length=5, choices=TargetUnit, default=TargetUnit.HOURS
    )
    resolution_value = models.PositiveSmallIntegerField(_("solución"))
    resolution_unit = models.CharField(
        _("unidad"), max_length=5, choices=TargetUnit, default=TargetUnit.DAYS
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("política de ANS")
        verbose_name_plural = _("políticas de ANS")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_response_value__gte=1, resolution_value__gte=1),
                name="sla_policy_targets_positive",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def matches(self, pqr) -> bool:
        return (
            (self.pqr_type_id is None or self.pqr_type_id == pqr.pqr_type_id)
            and (not self.priority or self.priority == pqr.priority)
            and (not self.channel or self.channel == pqr.channel)
            and (self.team_id is None or self.team_id == pqr.team_id)
        )


class PqrClock(models.Model):
    """SLA clock state of one PQR (kept here so pqr/models.py never changes)."""

    pqr = models.OneToOneField(
        "pqr.Pqr", on_delete=models.CASCADE, related_name="clock", primary_key=True
    )
    policy = models.ForeignKey(SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL)
    policy_due_at = models.DateTimeField(null=True, blank=True)
    initial_legal_due_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    paused_business_days = models.PositiveIntegerField(default=0)
    # Office time spent suspended or closed-then-reopened (left out of outcome figures).
    paused_business_seconds = models.PositiveIntegerField(default=0)
    stopped_at = models.DateTimeField(null=True, blank=True)
    extension_used = models.BooleanField(default=False)
    extension_reason = models.TextField(blank=True)
    extension_due_at = models.DateTimeField(null=True, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    # Business days the prórroga added (a shorter one than the maximum is allowed).
    extension_days = models.PositiveSmallIntegerField(null=True, blank=True)
    transfer_due_at = models.DateTimeField(null=True, blank=True)
    silence_flag = models.CharField(
        max_length=10, choices=SilenceEffect, default=SilenceEffect.NONE
    )
    # Ley 142 art. 158: silencio positivo recognised by the company (due 72 h after).
    silence_recognized_at = models.DateTimeField(null=True, blank=True)
    silence_recognition_note = models.TextField(blank=True)
    silence_recognized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The earliest undecided recurso's last day (15 business days): the sweep alerts
    # after it and, under Ley 142, flags the silencio positivo (sla.recursos).
    recurso_decide_by = models.DateField(null=True, blank=True)
    # The next instant at which the sweep must look at this PQR (null: nothing pending).
    next_threshold_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("reloj de ANS")

    def __str__(self) -> str:
        return f"clock {self.pqr_id}"


class AlertKind(models.TextChoices):
    WARNING = "warning", _("Aviso de vencimiento")
    DUE_TODAY = "due_today", _("Vence hoy")
    FIRST_RESPONSE_BREACH = "first_response_breach", _("Primera respuesta vencida")
    RESOLUTION_BREACH = "resolution_breach", _("Solución vencida")
    LEGAL_BREACH = "legal_breach", _("Término legal vencido")
    TRANSFER_BREACH = "transfer_breach", _("Traslado vencido")
    SILENCE = "silence", _("Silencio administrativo")
    ANGER = "anger", _("Cliente con ira o más")
    RECOVERY = "recovery", _("Recuperación de cliente")
    EXTENSION = "extension", _("Prórroga notificada")
    NOTIFICATION_FAILED = "notification_failed", _("Notificación al cliente fallida")
    COMPLETION_EXPIRED = (
        "completion_expired",
        _("Plazo del ciudadano vencido: proponer desistimiento tácito"),
    )
    SILENCE_RECOGNITION = (
        "silence_recognition",
        _("Silencio positivo sin reconocer (72 horas vencidas)"),
    )
    LIFE_AT_RISK = "life_at_risk", _("Riesgo para la vida o la integridad: atención inmediata")
    CUSTOMER_MESSAGE = "customer_message", _("Nuevo mensaje del ciudadano")
    RECURSO_OVERDUE = "recurso_overdue", _("Recurso sin decidir en 15 días hábiles")
    RECURSO_SILENCE = (
        "recurso_silence",
        _("Recurso sin decidir: silencio positivo (Ley 142, art. 158)"),
    )


BREACH_KINDS = {
    AlertKind.RECURSO_OVERDUE,
    AlertKind.RECURSO_SILENCE,
    AlertKind.SILENCE_RECOGNITION,
    AlertKind.FIRST_RESPONSE_BREACH,
    AlertKind.RESOLUTION_BREACH,
    AlertKind.LEGAL_BREACH,
    AlertKind.TRANSFER_BREACH,
    AlertKind.SILENCE,
}


class Alert(models.Model):
    pqr = models.ForeignKey("pqr.Pqr", on_delete=models.CASCADE, related_name="sla_alerts")
    kind = models.CharField(_("tipo"), max_length=30, choices=AlertKind)
    threshold = models.CharField(_("umbral"), max_length=40, blank=True, default="")
    detail = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["pqr", "kind", "threshold"], name="sla_alert_unique")
        ]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="sla_alert_unsent_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pqr_id} {self.kind} {self.threshold}"


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sla_notifications"
    )
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "alert"], name="sla_notification_unique")
        ]
        indexes = [
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True),
                name="sla_notif_unread_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.alert_id}"


# The digest's hour when the person never chose one (local time, America/Bogota).
DIGEST_DEFAULT_HOUR = 7


class DigestPreference(models.Model):
    """A person's alert emails (sla.preferences reads them). No row, or
    `daily_digest` null: the role's default, the digest for supervisors and
    administrators and none for agents. One email per alert only for the kinds in
    `email_kinds` (none by default); the other alerts wait for the digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sla_digest"
    )
    daily_digest = models.BooleanField(_("resumen diario"), null=True, blank=True, default=None)
    digest_hour = models.PositiveSmallIntegerField(
        _("hora del resumen"), default=DIGEST_DEFAULT_HOUR
    )
    email_kinds = ArrayField(
        models.CharField(max_length=30, choices=AlertKind),
        verbose_name=_("un correo por alerta de estos tipos"),
        default=list,
        blank=True,
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)
    # The last digest that could not be sent (cleared by the next one that goes out).
    digest_failed_at = models.DateTimeField(null=True, blank=True)
    digest_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("preferencia de avisos")
        verbose_name_plural = _("preferencias de avisos")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0, digest_hour__lte=23), name="sla_digest_hour_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.daily_digest}"
