"""Answers: the templates supervisors keep (respuestas tipo) and the formal letters
(oficios) with their outgoing number, stored once with their hash."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .catalogues import PqrType, RootCause
from .history import PqrMessage
from .pqr import Pqr


class TemplateLanguage(models.TextChoices):
    ES = "es", _("Español")
    EN = "en", _("Inglés")


class AnswerTemplate(models.Model):
    """A respuesta tipo for a type and root cause (blank: any), in one language.
    Placeholders like {{ cliente }} are filled from the PQR when an agent picks it."""

    name = models.CharField(_("nombre"), max_length=120)
    pqr_type = models.ForeignKey(
        PqrType,
        verbose_name=_("tipo"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answer_templates",
    )
    root_cause = models.ForeignKey(
        RootCause,
        verbose_name=_("causa raíz"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answer_templates",
    )
    language = models.CharField(
        _("idioma"), max_length=2, choices=TemplateLanguage, default=TemplateLanguage.ES
    )
    body = models.TextField(_("texto"))
    is_active = models.BooleanField(_("activa"), default=True)
    use_count = models.PositiveIntegerField(_("veces usada"), default=0)
    last_used_at = models.DateTimeField(_("último uso"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("respuesta tipo")
        verbose_name_plural = _("respuestas tipo")
        ordering = ["name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "language"], name="pqr_answer_template_name_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class LetterCounter(models.Model):
    """One row per year; the outgoing number is taken with one upsert."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("consecutivo de salida")
        verbose_name_plural = _("consecutivos de salida")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


def letter_upload_to(instance, filename: str) -> str:
    return f"pqr/{instance.pqr_id}/oficios/{uuid.uuid4().hex}.pdf"


class AnswerLetter(models.Model):
    """The formal letter of one answer. The PDF is rendered once, stored with its
    SHA-256, and served as stored: it is never rendered again."""

    pqr = models.ForeignKey(Pqr, on_delete=models.CASCADE, related_name="letters")
    message = models.OneToOneField(PqrMessage, on_delete=models.CASCADE, related_name="letter")
    number = models.CharField(_("radicado de salida"), max_length=20, unique=True)
    file = models.FileField(_("PDF"), upload_to=letter_upload_to, max_length=255)
    sha256 = models.CharField(_("huella SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("tamaño (bytes)"))
    language = models.CharField(_("idioma"), max_length=2, choices=TemplateLanguage)
    signer_name = models.CharField(_("firma"), max_length=150)
    signer_role = models.CharField(_("cargo"), max_length=150)
    template = models.ForeignKey(
        AnswerTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("fecha"), auto_now_add=True)

    class Meta:
        verbose_name = _("oficio de respuesta")
        verbose_name_plural = _("oficios de respuesta")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.number

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"
