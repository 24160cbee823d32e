"""PQR catalogues and choices: types, channels, priorities, statuses, teams,
moments of truth, root causes, and the radicado counter."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class PqrType(models.Model):
    """Data-driven PQR types; administrators may add more."""

    code = models.SlugField(_("código"), max_length=40, unique=True)
    name = models.CharField(_("nombre"), max_length=80)
    requires_protocol = models.BooleanField(_("exige protocolo de seis pasos"), default=False)
    # Felicitaciones and sugerencias: a short acknowledgement closes them; every other
    # type needs a substantive answer that reached the customer (docs/decisions.md).
    acknowledgement_suffices = models.BooleanField(
        _("basta un acuse de recibo para cerrarla"), default=False
    )
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
    PERJUICIO_IRREMEDIABLE = "perjuicio_irremediable", _("Evitar un perjuicio irremediable")
    RIESGO_VIDA = "riesgo_vida", _("Riesgo para la vida o la integridad")
    PERIODISTA = "periodista", _("Periodista en ejercicio")


# Ley 1755 art. 20: these are handled first (life or integrity at risk before all);
# the terms do not change. Lower rank first in the queue.
PRIORITY_RANK = {
    Priority.RIESGO_VIDA: 0,
    Priority.DERECHO_FUNDAMENTAL: 1,
    Priority.PERJUICIO_IRREMEDIABLE: 1,
    Priority.PERIODISTA: 1,
    Priority.ALTA: 2,
    Priority.NORMAL: 3,
}
URGENT_PRIORITIES = (
    Priority.RIESGO_VIDA,
    Priority.DERECHO_FUNDAMENTAL,
    Priority.PERJUICIO_IRREMEDIABLE,
    Priority.PERIODISTA,
)


class RejectionCategory(models.TextChoices):
    """Ley 1755 art. 19 (an incomplete petition is never rejected: art. 17)."""

    IRRESPETUOSA = "irrespetuosa", _("Irrespetuosa (se rechaza)")
    OSCURA = "oscura", _("Oscura: se devuelve para corregir en 10 días")
    REITERATIVA = "reiterativa", _("Reiterativa: remite a la respuesta anterior")
    OTRA = "otra", _("Otro motivo de archivo")


class AccessDenial(models.TextChoices):
    """Ley 1712/2014: access to information is denied only on a legal ground."""

    CLASIFICADA = "clasificada", _("Información pública clasificada (Ley 1712, art. 18)")
    RESERVADA = "reservada", _("Información pública reservada (Ley 1712, art. 19)")


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


class CatalogueVersion(models.Model):
    """One row whose token changes (in the editing transaction) whenever a catalogue
    the PQR page's forms offer is edited: types, teams and their members, root
    causes, difficulty tags, answer templates, staff users (pqr.catalogue_version).
    Each process keeps those catalogues in memory under the token it read with the
    PQR, so an edit on one node shows on every node's next page (issue 18)."""

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("versión de los catálogos")
        verbose_name_plural = _("versiones de los catálogos")

    def __str__(self) -> str:
        return str(self.token)


class RadicadoCounter(models.Model):
    """One row per year, locked with SELECT ... FOR UPDATE to hand out numbers."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("consecutivo de radicado")
        verbose_name_plural = _("consecutivos de radicado")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
