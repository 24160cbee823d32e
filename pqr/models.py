"""PQR lifecycle data: the ticket, its catalogues, events, messages and protocol."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from customers.models import AngerLevel


class PqrType(models.Model):
    """Data-driven PQR types; administrators may add more."""

    code = models.SlugField(_("código"), max_length=40, unique=True)
    name = models.CharField(_("nombre"), max_length=80)
    requires_protocol = models.BooleanField(_("exige protocolo de seis pasos"), default=False)
    is_active = models.BooleanField(_("activo"), default=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("tipo de PQR")
        verbose_name_plural = _("tipos de PQR")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        # Seeded names have English translations; names typed by an administrator show as typed.
        return gettext(self.name)


class Channel(models.TextChoices):
    PRESENCIAL = "presencial", _("Presencial (verbal)")
    TELEFONO = "telefono", _("Teléfono")
    EMAIL = "email", _("Correo electrónico")
    WEB = "web", _("Formulario web")
    BUZON = "buzon", _("Buzón de sugerencias")
    CARTA = "carta", _("Carta o correspondencia")
    CHAT = "chat", _("Chat")
    REDES = "redes", _("Redes sociales")


VERBAL_CHANNELS = (Channel.PRESENCIAL, Channel.TELEFONO)


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    ALTA = "alta", _("Alta")
    DERECHO_FUNDAMENTAL = "derecho_fundamental", _("Derecho fundamental")
    RIESGO_VIDA = "riesgo_vida", _("Riesgo para la vida o la integridad")
    PERIODISTA = "periodista", _("Periodista en ejercicio")


class Status(models.TextChoices):
    # "Radicado" alone is also the filing-number column header; the status needs its own entry.
    RADICADO = "radicado", pgettext_lazy("PQR status", "Radicado")
    ASIGNADO = "asignado", _("Asignado")
    EN_TRAMITE = "en_tramite", _("En trámite")
    EN_ESPERA_CLIENTE = "en_espera_cliente", _("En espera del cliente")
    TRASLADADO = "trasladado", _("Trasladado")
    RESUELTO = "resuelto", _("Resuelto")
    CERRADO = "cerrado", _("Cerrado")
    DESISTIDO = "desistido", _("Desistido")
    RECHAZADO = "rechazado", _("Rechazado / archivado")
    REABIERTO = "reabierto", _("Reabierto")


OPEN_STATUSES = (
    Status.RADICADO,
    Status.ASIGNADO,
    Status.EN_TRAMITE,
    Status.EN_ESPERA_CLIENTE,
    Status.REABIERTO,
)
CLOSED_STATUSES = (
    Status.TRASLADADO,
    Status.RESUELTO,
    Status.CERRADO,
    Status.DESISTIDO,
    Status.RECHAZADO,
)


class Team(models.Model):
    """A dependencia or área that handles PQRs."""

    name = models.CharField(_("nombre"), max_length=100, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("agentes"), related_name="pqr_teams", blank=True
    )
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisores"),
        related_name="pqr_supervised_teams",
        blank=True,
    )
    is_active = models.BooleanField(_("activo"), default=True)

    class Meta:
        verbose_name = _("equipo")
        verbose_name_plural = _("equipos")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MomentOfTruth(models.Model):
    """One moment of the organisation's service cycle, in order."""

    name = models.CharField(_("nombre"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    is_active = models.BooleanField(_("activo"), default=True)

    class Meta:
        verbose_name = _("momento de verdad")
        verbose_name_plural = _("momentos de verdad")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return gettext(self.name)


class RootCause(models.Model):
    code = models.SlugField(_("código"), max_length=40, unique=True)
    name = models.CharField(_("nombre"), max_length=100)
    is_active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("causa raíz")
        verbose_name_plural = _("causas raíz")
        ordering = ["name"]

    def __str__(self) -> str:
        return gettext(self.name)


class RadicadoCounter(models.Model):
    """One row per year, locked with SELECT ... FOR UPDATE to hand out numbers."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("consecutivo de radicado")
        verbose_name_plural = _("consecutivos de radicado")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Pqr(models.Model):
    radicado = models.CharField(_("radicado"), max_length=20, unique=True)
    pqr_type = models.ForeignKey(
        PqrType, verbose_name=_("tipo"), on_delete=models.PROTECT, related_name="pqrs"
    )
    channel = models.CharField(_("canal"), max_length=12, choices=Channel)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("cliente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pqrs",
    )
    contact_email = models.EmailField(_("correo de contacto"), blank=True)
    contact_consent_at = models.DateTimeField(_("autorización de datos"), null=True, blank=True)
    subject = models.CharField(_("asunto"), max_length=200)
    description = models.TextField(_("descripción"))
    verbal_constancia = models.TextField(_("constancia verbal"), blank=True)
    moment_of_truth = models.ForeignKey(
        MomentOfTruth,
        verbose_name=_("momento de verdad"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pqrs",
    )
    priority = models.CharField(
        _("prioridad"), max_length=20, choices=Priority, default=Priority.NORMAL
    )
    received_at = models.DateTimeField(_("recibida"))
    filed_on = models.DateField(_("fecha de radicación legal"), null=True, blank=True)
    team = models.ForeignKey(
        Team, verbose_name=_("equipo"), on_delete=models.PROTECT, related_name="pqrs"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asignada a"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_pqrs",
    )
    status = models.CharField(_("estado"), max_length=20, choices=Status, default=Status.RADICADO)
    first_responded_at = models.DateTimeField(_("primera respuesta"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resuelta"), null=True, blank=True)
    closed_at = models.DateTimeField(_("cerrada"), null=True, blank=True)
    root_cause = models.ForeignKey(
        RootCause,
        verbose_name=_("causa raíz"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pqrs",
    )
    anger_level_at_intake = models.PositiveSmallIntegerField(
        _("nivel de ira al radicar"), choices=AngerLevel, null=True, blank=True
    )
    anger_level = models.PositiveSmallIntegerField(
        _("nivel de ira actual"), choices=AngerLevel, null=True, blank=True
    )
    needs_supervisor = models.BooleanField(_("requiere supervisor"), default=False)
    first_response_due_at = models.DateTimeField(
        _("vence primera respuesta"), null=True, blank=True
    )
    due_at = models.DateTimeField(_("vence"), null=True, blank=True)
    legal_due_at = models.DateTimeField(_("vence término legal"), null=True, blank=True)
    # Colombian-law states.
    # Outcome figures, written once when the PQR is answered/resolved (see pqr/outcomes.py),
    # so dashboards aggregate stored numbers instead of walking a calendar per row.
    first_response_business_hours = models.DecimalField(
        _("primera respuesta (horas hábiles)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
    )
    resolution_business_hours = models.DecimalField(
        _("resolución (horas hábiles)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    resolution_business_days = models.PositiveSmallIntegerField(
        _("resolución (días hábiles)"), null=True, blank=True
    )
    resolved_within_due = models.BooleanField(_("resuelta a tiempo (ANS)"), null=True, blank=True)
    resolved_within_legal = models.BooleanField(
        _("resuelta dentro del término legal"), null=True, blank=True
    )
    transfer_destination = models.CharField(_("entidad destino"), max_length=200, blank=True)
    transferred_on = models.DateField(_("fecha de traslado"), null=True, blank=True)
    rejection_reason = models.TextField(_("motivo de rechazo o archivo"), blank=True)
    completion_requested_at = models.DateTimeField(
        _("solicitud de completar"), null=True, blank=True
    )
    # Language the customer filed in (es-co/en); their emails are written in it.
    language = models.CharField(_("idioma"), max_length=10, default="es-co")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrada por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    class Meta:
        verbose_name = _("PQR")
        verbose_name_plural = _("PQR")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["team", "status", "due_at"], name="pqr_team_status_due_idx"),
            models.Index(fields=["assigned_to", "status"], name="pqr_assignee_status_idx"),
            models.Index(fields=["-created_at"], name="pqr_created_idx"),
            models.Index(fields=["due_at"], name="pqr_due_idx"),
            models.Index(fields=["legal_due_at"], name="pqr_legal_due_idx"),
            models.Index(fields=["status", "due_at"], name="pqr_status_due_idx"),
            # Covering indexes: the dashboards aggregate a period of PQRs by these columns
            # with index-only scans instead of visiting the heap (bench/dashboards.py).
            models.Index(
                fields=["received_at"],
                include=[
                    "customer",
                    "moment_of_truth",
                    "team",
                    "pqr_type",
                    "channel",
                    "assigned_to",
                    "status",
                ],
                name="pqr_received_idx",
            ),
            models.Index(
                fields=["resolved_at"],
                include=[
                    "first_response_business_hours",
                    "resolution_business_hours",
                    "resolved_within_due",
                    "resolved_within_legal",
                    "team",
                    "pqr_type",
                    "channel",
                    "assigned_to",
                    "root_cause",
                ],
                name="pqr_resolved_idx",
            ),
            models.Index(
                fields=["needs_supervisor"],
                name="pqr_needs_supervisor_idx",
                condition=Q(needs_supervisor=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anger_level__isnull=True) | Q(anger_level__gte=1, anger_level__lte=7),
                name="pqr_anger_level_range",
            ),
        ]

    def __str__(self) -> str:
        return self.radicado

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


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


class CustomerEmailKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", _("Acuse de recibo")
    ANSWER = "answer", _("Respuesta")
    COMPLETION_REQUEST = "completion_request", _("Solicitud de completar la petición")
    TRANSFER = "transfer", _("Aviso de traslado")
    EXTENSION = "extension", _("Aviso de prórroga")


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


def attachment_upload_to(instance, filename: str) -> str:
    # Random-looking path: the original name is kept in `filename`, never in the URL.
    import uuid

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
