"""Recursos filed against a decision (Ley 142/1994 arts. 154-159; Ley 1437/2011 art. 74)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecursoKind(models.TextChoices):
    REPOSICION = "reposicion", _("Reposición")
    REPOSICION_APELACION = "reposicion_apelacion", _("Reposición y, en subsidio, apelación")


class RecursoFiling(models.Model):
    pqr = models.ForeignKey("pqr.Pqr", on_delete=models.CASCADE, related_name="recursos")
    kind = models.CharField(_("recurso"), max_length=24, choices=RecursoKind)
    grounds = models.TextField(_("lo que alega el usuario"))
    notified_on = models.DateField(_("decisión notificada el"))
    deadline_on = models.DateField(_("último día para presentarlo"))
    filed_on = models.DateField(_("presentado el"))
    filed_late = models.BooleanField(_("presentado fuera de término"), default=False)
    decide_by = models.DateField(_("decidir la reposición a más tardar"))
    decided_on = models.DateField(_("reposición decidida el"), null=True, blank=True)
    decision = models.TextField(_("decisión de la reposición"), blank=True)
    # Ley 142 art. 158: undecided after its 15 business days, the recurso is decided in
    # the user's favour; set once by the SLA sweep (sla.recursos).
    silence_at = models.DateTimeField(_("silencio positivo desde"), null=True, blank=True)
    forwarded_on = models.DateField(
        _("apelación enviada a la Superintendencia el"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["filed_on", "id"]
        verbose_name = _("recurso")
        verbose_name_plural = _("recursos")

    def __str__(self) -> str:
        return f"{self.pqr_id} {self.kind} {self.filed_on}"

    @property
    def decided_late(self) -> bool:
        """The reposición was decided after its 15 business days."""
        return self.decided_on is not None and self.decided_on > self.decide_by

    def overdue_on(self, today) -> bool:
        """Still undecided after its 15 business days."""
        return self.decided_on is None and today > self.decide_by
