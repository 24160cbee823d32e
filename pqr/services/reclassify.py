"""Reclassification of a PQR's type, with a reason: the new type's terms, protocol
and root-cause rules apply from then on."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pqr.emails import customer_email_queue
from pqr.events import pqr_event_record
from pqr.models import CustomerEmailKind, EventKind, Pqr, PqrType

from .assignment import deadlines_refresh
from .base import lock, save
from .protocol import protocol_missing_steps

DATE_FIELDS = ("legal_due_at", "due_at")


@transaction.atomic
def pqr_reclassify(*, pqr: Pqr, actor, pqr_type: PqrType, reason: str) -> Pqr:
    """Change the type (e.g. a petición that is really a reclamo). Open PQRs get the
    new type's terms (recomputed; the moved dates are recorded); a resolved or closed
    PQR cannot take a type whose rules it does not meet (protocol, root cause)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Explique por qué se reclasifica la PQR."))
    lock(pqr)
    old_type = pqr.pqr_type
    if old_type.pk == pqr_type.pk:
        raise ValidationError(_("La PQR ya es de ese tipo."))
    if not pqr_type.is_active:
        raise ValidationError(_("Ese tipo de PQR no está activo."))
    pqr.pqr_type = pqr_type
    if not pqr.is_open and pqr_type.requires_protocol:
        missing = protocol_missing_steps(pqr)
        if missing or pqr.root_cause_id is None:
            raise ValidationError(
                _(
                    "No se puede reclasificar como «%(type)s» una PQR ya terminada: ese tipo "
                    "exige los seis pasos del protocolo y la causa raíz, y esta no los tiene."
                )
                % {"type": pqr_type}
            )
    before = {name: getattr(pqr, name) for name in DATE_FIELDS}
    save(pqr, ["pqr_type"])
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.FIELD,
        field="pqr_type",
        old_value=str(old_type),
        new_value=str(pqr_type),
        note=reason,
    )
    if pqr.is_open:
        deadlines_refresh(pqr)
        for name in DATE_FIELDS:
            if getattr(pqr, name) != before[name]:
                pqr_event_record(
                    pqr=pqr,
                    actor=actor,
                    kind=EventKind.FIELD,
                    field=name,
                    old_value=before[name],
                    new_value=getattr(pqr, name),
                    note=_("Reclasificación"),
                )
        # The customer was given the old latest answer date: a later one is told
        # (outbox row now, sent after commit), like a calendar change (sla.recompute).
        old_legal, new_legal = before["legal_due_at"], pqr.legal_due_at
        if old_legal and new_legal and new_legal > old_legal:
            customer_email_queue(kind=CustomerEmailKind.DUE_DATE_MOVED, pqr=pqr)
    return pqr
