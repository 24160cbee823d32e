from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Func
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class AngerLevel(models.IntegerChoices):
    """The anger curve, in escalating order; PQRs record it per contact."""

    MOLESTO = 1, _("Molesto")
    ENOJADO = 2, _("Enojado")
    INDIGNADO = 3, _("Indignado")
    COLERA = 4, _("Cólera")
    IRA = 5, _("Ira")
    VIOLENCIA = 6, _("Violencia")
    CONFLICTO = 7, _("Conflicto")

    @classmethod
    def needs_supervisor(cls, level: int | None) -> bool:
        """Ira and above call for a supervisor at once."""
        return level is not None and level >= cls.IRA


class PersonType(models.TextChoices):
    NATURAL = "natural", _("Persona natural")
    JURIDICA = "juridica", _("Persona jurídica")


class DocumentType(models.TextChoices):
    CC = "CC", _("Cédula de ciudadanía")
    CE = "CE", _("Cédula de extranjería")
    TI = "TI", _("Tarjeta de identidad")
    PA = "PA", _("Pasaporte")
    NIT = "NIT", _("NIT")
    PEP = "PEP", _("PEP / PPT")
    NUIP = "NUIP", _("NUIP")
    OTRO = "OTRO", _("Otro")


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("Correo electrónico")
    PHONE = "phone", _("Teléfono")
    WHATSAPP = "whatsapp", _("WhatsApp")
    LETTER = "letter", _("Correspondencia física")
    IN_PERSON = "in_person", _("Presencial")


class Customer(models.Model):
    person_type = models.CharField(
        _("tipo de persona"), max_length=10, choices=PersonType, default=PersonType.NATURAL
    )
    document_type = models.CharField(_("tipo de documento"), max_length=5, choices=DocumentType)
    # Stored normalised: no dots, spaces or dashes; upper case.
    document_number = models.CharField(_("número de documento"), max_length=20)
    full_name = models.CharField(_("nombre o razón social"), max_length=200)
    email = models.EmailField(_("correo electrónico"), blank=True)
    phone = models.CharField(_("teléfono"), max_length=20, blank=True)
    secondary_phone = models.CharField(_("otro teléfono"), max_length=20, blank=True)
    address = models.CharField(_("dirección"), max_length=200, blank=True)
    city = models.CharField(_("ciudad o municipio"), max_length=100, blank=True)
    preferred_channel = models.CharField(
        _("canal de contacto preferido"),
        max_length=10,
        choices=ContactChannel,
        default=ContactChannel.EMAIL,
    )
    notes = models.TextField(_("notas"), blank=True)
    is_active = models.BooleanField(_("activo"), default=True)
    # lower(unaccent(full_name)), kept by PostgreSQL; the trigram index lives on it,
    # so index rechecks compare plain text instead of calling unaccent per row.
    search_name = models.GeneratedField(
        expression=Lower(Func(F("full_name"), function="customers_immutable_unaccent")),
        output_field=models.CharField(max_length=200),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("cliente")
        verbose_name_plural = _("clientes")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "document_number"], name="customer_unique_document"
            ),
        ]
        indexes = [
            models.Index(fields=["document_number"], name="customer_document_idx"),
            models.Index(fields=["email"], name="customer_email_idx"),
            models.Index(fields=["phone"], name="customer_phone_idx"),
            # Result order of search and the supervisors' list (full_name, pk).
            models.Index(fields=["full_name", "id"], name="customer_name_order_idx"),
            GinIndex(OpClass("search_name", name="gin_trgm_ops"), name="customer_search_trgm_idx"),
            models.Index(fields=["secondary_phone"], name="customer_phone2_idx"),
            # The supervisors' list filters with city__iexact, i.e. UPPER(city).
            models.Index(Upper("city"), name="customer_city_upper_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.document_type} {self.document_number})"


class DifficultyTag(models.Model):
    """Catalogue of difficult-customer types; administrators edit the wording."""

    slug = models.SlugField(_("código"), max_length=40, unique=True)
    name = models.CharField(_("nombre"), max_length=60, unique=True)
    description = models.TextField(_("descripción"))
    guidance = models.TextField(_("cómo atenderlo"))
    order = models.PositiveSmallIntegerField(_("orden"), default=0)
    is_active = models.BooleanField(_("activa"), default=True)

    class Meta:
        verbose_name = _("tipo de cliente difícil")
        verbose_name_plural = _("tipos de cliente difícil")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        # Seeded wording has English translations; an administrator's wording shows as typed.
        return gettext(self.name)

    @property
    def guidance_text(self) -> str:
        return gettext(self.guidance)


class CustomerTagAssignment(models.Model):
    """One tag on one customer; removal keeps the row (removed_at) for history."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="tag_assignments")
    tag = models.ForeignKey(DifficultyTag, on_delete=models.PROTECT, related_name="assignments")
    reason = models.TextField(_("motivo"))
    pqr = models.ForeignKey(
        "pqr.Pqr",
        verbose_name=_("PQR donde ocurrió"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customer_tag_assignments",
    )
    assigned_at = models.DateTimeField(_("asignada"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    removed_at = models.DateTimeField(_("retirada"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removal_reason = models.TextField(_("motivo del retiro"), blank=True)

    class Meta:
        verbose_name = _("etiqueta asignada")
        verbose_name_plural = _("etiquetas asignadas")
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "tag"],
                condition=models.Q(removed_at__isnull=True),
                name="customer_tag_one_active",
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="customer_tag_reason_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tag} → {self.customer_id}"


class ConsentChannel(models.TextChoices):
    WEB = "web", _("Formulario web")
    PHONE = "phone", _("Teléfono (verbal)")
    IN_PERSON = "in_person", _("Presencial")


CURRENT_POLICY_VERSION = "2026-01"
# Ley 1581 consent is per purpose: one ConsentRecord row per purpose, granted and
# revoked on its own. Handling the PQR is what filing needs; surveys are optional.
PURPOSE_HANDLING = "atencion_pqr"
PURPOSE_SURVEYS = "encuestas_satisfaccion"


class ConsentPurpose(models.TextChoices):
    HANDLING = PURPOSE_HANDLING, _("Atender y responder sus PQR")
    SURVEYS = PURPOSE_SURVEYS, _("Encuestas de satisfacción")


class ConsentRecord(models.Model):
    """Proof of habeas-data authorisation (Ley 1581 de 2012)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="consents")
    policy_version = models.CharField(_("versión de la política"), max_length=20)
    # One purpose per row (ConsentPurpose); the name is historical.
    purposes = models.CharField(_("finalidad"), max_length=200, choices=ConsentPurpose)
    channel = models.CharField(_("canal"), max_length=10, choices=ConsentChannel)
    given_at = models.DateTimeField(_("otorgado"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revocado"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("autorización de datos")
        verbose_name_plural = _("autorizaciones de datos")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.policy_version} ({self.get_channel_display()})"


class CustomerAudit(models.Model):
    """Append-only record of sensitive actions: merges, anonymisation, exports, edits.

    An edit keeps its field-level changes in details["changes"] as
    [{"field": name, "old": value, "new": value}, ...].
    """

    class Action(models.TextChoices):
        MERGE = "merge", _("Fusión")
        ANONYMISE = "anonymise", _("Anonimización")
        EXPORT = "export", _("Exportación de datos")
        EDIT = "edit", _("Edición de datos")
        LIST_EXPORT = "list_export", _("Exportación del listado de clientes")
        QUEUE_EXPORT = "queue_export", _("Exportación de la bandeja de PQR")

    action = models.CharField(_("acción"), max_length=12, choices=Action)
    # Empty only for a list export, which is about many profiles (details say which).
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="audits", null=True, blank=True
    )
    # For merges: the losing profile's id and identification, kept as text.
    other_customer_id = models.PositiveBigIntegerField(null=True, blank=True)
    details = models.JSONField(_("detalle"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("auditoría de cliente")
        verbose_name_plural = _("auditoría de clientes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.customer_id or '-'}"
