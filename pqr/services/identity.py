"""A web filing that used the document number of an existing profile.

Anyone can type someone else's document number on the public form, so such a PQR is
attached to the profile but flagged (`Pqr.identity_unverified`), and the profile's
consent is not touched. An agent who may open the PQR then either confirms that the
filer is the holder (the purposes accepted on the form are recorded on the profile,
where not already live) or says it is someone else (the PQR is detached from the
profile and goes on as a PQR without customer, answered at the address typed on it).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from customers.models import PURPOSE_HANDLING, PURPOSE_SURVEYS, ConsentChannel
from customers.selectors import customer_has_consent
from customers.services import consent_record
from pqr.events import pqr_event_record
from pqr.models import EventKind, Pqr

FIELD = "identity_unverified"


def pqr_identity_flag(*, pqr: Pqr) -> None:
    pqr_event_record(
        pqr=pqr,
        actor=None,
        kind=EventKind.FIELD,
        field=FIELD,
        new_value=True,
        note=_(
            "Radicada en la web con el documento de un cliente existente: confirme la identidad."
        ),
    )


def _locked(pqr: Pqr) -> Pqr:
    locked = Pqr.objects.select_for_update(of=("self",)).select_related("customer").get(pk=pqr.pk)
    if not locked.identity_unverified or locked.customer_id is None:
        raise ValidationError(_("Esta PQR no tiene una identidad por confirmar."))
    return locked


@transaction.atomic
def pqr_identity_confirm(*, pqr: Pqr, actor) -> Pqr:
    """The filer is the holder: clear the flag and record the purposes they accepted."""
    locked = _locked(pqr)
    accepted = [PURPOSE_HANDLING, *([PURPOSE_SURVEYS] if locked.survey_consent_at else [])]
    missing = [
        purpose
        for purpose in accepted
        if not customer_has_consent(customer=locked.customer, purpose=purpose)
    ]
    if missing and locked.customer.is_active:
        consent_record(
            customer=locked.customer, channel=ConsentChannel.WEB, actor=actor, purposes=missing
        )
    locked.identity_unverified = False
    locked.save(update_fields=["identity_unverified", "updated_at"])
    pqr_event_record(
        pqr=locked,
        actor=actor,
        kind=EventKind.FIELD,
        field=FIELD,
        old_value=True,
        new_value=False,
        note=_("Identidad confirmada."),
    )
    return locked


@transaction.atomic
def pqr_identity_reject(*, pqr: Pqr, actor, note: str) -> Pqr:
    """The filer is not the holder: the PQR leaves the profile, nothing else changes."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Explique cómo comprobó que no es el titular."))
    locked = _locked(pqr)
    locked.customer = None
    locked.identity_unverified = False
    locked.save(update_fields=["customer", "identity_unverified", "updated_at"])
    pqr_event_record(
        pqr=locked,
        actor=actor,
        kind=EventKind.FIELD,
        field="customer",
        old_value=_("cliente con el documento escrito"),
        new_value="",
        note=note,
    )
    return locked
