"""Requests to complete an incomplete petition (Ley 1755/2015 art. 17), one row each."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CompletionOutcome(models.TextChoices):
    PENDING = "pending", _("Esperando al ciudadano")
    ARRIVED = "arrived", _("Información recibida")
    TACIT = "tacit", _("Desistimiento tácito")
    EXPRESS = "express", _("Desistimiento expreso")
    CLOSED = "closed", _("Cerrada de otra forma")


class CompletionSource(models.TextChoices):
    AGENT = "agent", _("Registrada por un agente")
    STATUS_PAGE = "status_page", _("Página de consulta")
    EMAIL = "email", _("Respuesta por correo")
    API = "api", _("API")


class CompletionRequest(models.Model):
    pqr = models.ForeignKey("pqr.Pqr", on_delete=models.CASCADE, related_name="completion_requests")
    missing = models.TextField(_("información que falta"))
    requested_at = models.DateTimeField(_("solicitada"))
    requested_on = models.DateField(_("fecha de la solicitud"))
    # Last business day on which a request suspends the term (10th after filing).
    window_ends_on = models.DateField(_("último día para suspender"))
    suspends = models.BooleanField(_("suspende el término"))
    customer_due_on = models.DateField(_("plazo del ciudadano"))
    first_customer_due_on = models.DateField(_("plazo inicial del ciudadano"))
    extended_at = models.DateTimeField(_("prórroga pedida por el ciudadano"), null=True, blank=True)
    extension_note = models.TextField(_("cómo pidió la prórroga"), blank=True)
    arrived_on = models.DateField(_("la información llegó el"), null=True, blank=True)
    arrival_source = models.CharField(
        _("origen"), max_length=12, choices=CompletionSource, blank=True
    )
    recorded_at = models.DateTimeField(_("registrada"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(
        _("resultado"), max_length=10, choices=CompletionOutcome, default=CompletionOutcome.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("solicitud de completar")
        verbose_name_plural = _("solicitudes de completar")
        constraints = [
            # At most one request waiting for the customer per PQR.
            models.UniqueConstraint(
                fields=["pqr"],
                condition=Q(outcome="pending"),
                name="pqr_one_pending_completion",
            ),
            models.CheckConstraint(
                condition=Q(arrived_on__isnull=True) | Q(arrived_on__gte=models.F("requested_on")),
                name="pqr_completion_arrival_after_request",
            ),
            models.CheckConstraint(
                condition=Q(customer_due_on__gte=models.F("first_customer_due_on")),
                name="pqr_completion_due_not_earlier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pqr_id} {self.requested_on}"
