"""Ley 1712/2014: denying access to requested information, on a legal ground."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pqr.events import pqr_event_record
from pqr.models import AccessDenial, EventKind, Pqr

from .base import lock, save

MIN_BASIS_CHARS = 20


@transaction.atomic
def pqr_access_deny(*, pqr: Pqr, actor, ground: str, basis: str) -> Pqr:
    """Record that the answer denies access (classified or reserved information) with its
    legal basis; the denial itself is the answer, sent and resolved as usual. Counted as
    "denied" in the Ley 1712 report (rejections are not denials)."""
    if ground not in AccessDenial.values:
        raise ValidationError(_("Elija si la información es clasificada o reservada."))
    basis = " ".join((basis or "").split())
    if len(basis) < MIN_BASIS_CHARS:
        raise ValidationError(
            _("Cite la norma y explique por qué la información no puede entregarse.")
        )
    lock(pqr)
    if not pqr.is_open:
        raise ValidationError(_("Registre la negación antes de resolver la solicitud."))
    pqr.access_denied, pqr.access_denied_basis = ground, basis
    save(pqr, ["access_denied", "access_denied_basis"])
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.FIELD,
        field="access_denied",
        new_value=AccessDenial(ground).label,
        note=basis,
    )
    return pqr
