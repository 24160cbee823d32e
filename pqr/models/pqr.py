"""The PQR itself."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from customers.models import AngerLevel

from .catalogues import (
    OPEN_STATUSES,
    PRIORITY_RANK,
    AccessDenial,
    Channel,
    MomentOfTruth,
    PqrType,
    Priority,
    RejectionCategory,
    RootCause,
    Status,
    Team,
)


class PqrQuerySet(models.QuerySet):
    def open(self):
        """PQRs still being handled (the clock may be paused, never stopped)."""
        return self.filter(status__in=OPEN_STATUSES)


class Pqr(models.Model):
    # Unique by the constraint below: declared there, Django makes no LIKE index beside it
    # (no query searches a radicado by prefix; issue 18).
    radicado = models.CharField(_("radicado"), max_length=20)
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
    # How the filer asked to be reached about this PQR (web form): by phone, with the
    # number they gave; the written answer still goes to contact_email.
    contact_phone = models.CharField(_("teléfono de contacto"), max_length=20, blank=True)
    prefers_phone = models.BooleanField(_("prefiere que lo llamen"), default=False)
    # The web form's separate, optional survey box (Ley 1581: consent per purpose).
    survey_consent_at = models.DateTimeField(
        _("autorización para encuestas"), null=True, blank=True
    )
    # Filed on the web with the document of an existing profile: nobody has checked
    # that the filer is that person, so the profile's consent was not touched.
    identity_unverified = models.BooleanField(_("identidad por confirmar"), default=False)
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
        _("prioridad"), max_length=30, choices=Priority, default=Priority.NORMAL
    )
    # Derived from priority on save: the queue's default order (art. 20 first).
    priority_rank = models.PositiveSmallIntegerField(default=3, editable=False)
    received_at = models.DateTimeField(_("recibida"))
    filed_on = models.DateField(_("fecha de radicación legal"), null=True, blank=True)
    # No index of their own: pqr_team_status_due_idx and pqr_assignee_status_idx start
    # with these columns and serve every lookup by them (issue 18: fewer indexes to
    # write at each filing).
    team = models.ForeignKey(
        Team,
        verbose_name=_("equipo"),
        on_delete=models.PROTECT,
        related_name="pqrs",
        db_index=False,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asignada a"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_pqrs",
        db_index=False,
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
    # Ley 1712: a real denial of access (an answer on a legal ground), not a rejection.
    access_denied = models.CharField(
        _("acceso negado"), max_length=12, choices=AccessDenial, blank=True
    )
    access_denied_basis = models.TextField(_("fundamento de la negación"), blank=True)
    rejection_category = models.CharField(
        _("categoría del rechazo"), max_length=20, choices=RejectionCategory, blank=True
    )
    # Oscura (art. 19): the customer may correct it until this day, else it stays archived.
    correction_due_on = models.DateField(_("plazo para corregir"), null=True, blank=True)
    # Reiterativa: the earlier PQR whose answer this one is pointed to.
    repeats = models.ForeignKey(
        "self",
        verbose_name=_("reitera la PQR"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeated_by",
    )
    completion_requested_at = models.DateTimeField(
        _("solicitud de completar"), null=True, blank=True
    )
    # Art. 17: the legal term is suspended while the customer completes the petition
    # (only for a request made within 10 business days of filing); the customer's
    # deadline of the pending request. Both denormalised from CompletionRequest so the
    # queue, badges and dashboards filter without a join.
    term_suspended = models.BooleanField(_("término suspendido"), default=False)
    completion_due_on = models.DateField(_("plazo del ciudadano"), null=True, blank=True)
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

    objects = PqrQuerySet.as_manager()

    class Meta:
        verbose_name = _("PQR")
        verbose_name_plural = _("PQR")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["team", "status", "due_at"], name="pqr_team_status_due_idx"),
            models.Index(fields=["assigned_to", "status"], name="pqr_assignee_status_idx"),
            models.Index(fields=["-created_at"], name="pqr_created_idx"),
            models.Index(fields=["due_at"], name="pqr_due_idx"),
            models.Index(fields=["priority_rank", "due_at", "id"], name="pqr_priority_due_idx"),
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
            models.UniqueConstraint(fields=["radicado"], name="pqr_pqr_radicado_key"),
            models.CheckConstraint(
                condition=Q(anger_level__isnull=True) | Q(anger_level__gte=1, anger_level__lte=7),
                name="pqr_anger_level_range",
            ),
        ]

    def __str__(self) -> str:
        return self.radicado

    def save(self, *args, **kwargs):
        self.rank_priority()
        fields = kwargs.get("update_fields")
        if fields is not None and "priority" in fields:
            kwargs["update_fields"] = {*fields, "priority_rank"}
        super().save(*args, **kwargs)

    def rank_priority(self) -> None:
        """The queue's sort key of the priority (also before core.rows.row_insert)."""
        self.priority_rank = PRIORITY_RANK.get(self.priority, PRIORITY_RANK[Priority.NORMAL])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
