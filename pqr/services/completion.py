"""The customer's answer to a completion request (Ley 1755 art. 17) arrived.

One entry point for every source (agent records it, the customer replies on the status page,
an email reply threads in), so the legal rules live in one place.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pqr.models import Pqr, Status

from .status import pqr_transition

SOURCES = ("agent", "status_page", "email", "api")


@transaction.atomic
def pqr_completion_received(*, pqr: Pqr, arrived_on: date | None, actor, source: str) -> Pqr:
    """Record that the requested information arrived on `arrived_on` (default today) and
    put the PQR back in handling; the legal term runs again from the next day."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    arrived_on = arrived_on or timezone.localdate()
    if arrived_on > timezone.localdate():
        raise ValidationError(_("La fecha de llegada no puede ser futura."))
    if pqr.status != Status.EN_ESPERA_CLIENTE:
        raise ValidationError(_("Esta PQR no está esperando información del ciudadano."))
    note = _("Información recibida el %(day)s (%(source)s).") % {
        "day": arrived_on.isoformat(),
        "source": source,
    }
    return pqr_transition(pqr=pqr, to_status=Status.EN_TRAMITE, actor=actor, note=note)
