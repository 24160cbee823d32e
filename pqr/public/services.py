"""Writes of the public side: a PQR filed on the web form by someone without an account."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.jobs import publishing_deferred
from customers.models import (
    PURPOSE_HANDLING,
    PURPOSE_SURVEYS,
    ConsentChannel,
    ContactChannel,
    Customer,
)
from customers.services import customer_create
from pqr.models import URGENT_PRIORITIES, Channel, MessageSource, Pqr, PqrType, Priority, Status
from pqr.services import pqr_customer_message_add
from pqr.services.identity import pqr_identity_flag
from pqr.services.intake import pqr_register

WEB_LANGUAGES = ("es-co", "en")


def _customer_for_filer(
    *,
    document_type: str,
    document_number: str,
    full_name: str,
    email: str,
    purposes: list[str],
    phone: str = "",
    prefers_phone: bool = False,
) -> tuple[Customer, bool]:
    """(customer, identity_unverified). A new document creates the profile with the
    purposes accepted on the form. An existing profile is used as it is: anyone can
    type a document number, so the form never edits it nor creates or revives its
    consent; the PQR is flagged for an agent to confirm who filed it."""
    customer = Customer.objects.filter(
        document_type=document_type, document_number=document_number
    ).first()
    if customer is None:
        created = customer_create(
            actor=None,
            consent_channel=ConsentChannel.WEB,
            consent_purposes=purposes,
            document_type=document_type,
            document_number=document_number,
            full_name=full_name.strip(),
            email=email,
            phone=phone,
            preferred_channel=ContactChannel.PHONE if prefers_phone else ContactChannel.EMAIL,
        )
        return created, False
    return customer, True


def pqr_public_file(**kwargs) -> Pqr:
    """Register a web-form (or API) PQR; nothing is published from the request: the
    acknowledgement and any task are outbox rows that the outbox relay publishes
    (core.relay), so a filing neither waits on nor needs the broker (issue 18)."""
    with publishing_deferred():
        return _pqr_public_file(**kwargs)


@transaction.atomic
def _pqr_public_file(
    *,
    pqr_type: PqrType,
    subject: str,
    pqr_type_token=None,
    description: str,
    contact_email: str,
    language: str,
    anonymous: bool,
    document_type: str = "",
    document_number: str = "",
    full_name: str = "",
    attachments=(),
    survey_consent: bool = False,
    urgency: str = "",
    team=None,
    channel: str = Channel.WEB,
    contact_phone: str = "",
    prefers_phone: bool = False,
) -> Pqr:
    """Register a web-form PQR; the acknowledgement is queued in the same transaction.

    Filing needs only the handling purpose; `survey_consent` is the separate, optional
    box, recorded on the PQR and, for a new profile, as its own consent record.
    The API files through here too, into its key's team and with the integration's
    channel (chat, social media...); the web form leaves both at their defaults."""
    contact_email = (contact_email or "").strip().lower()
    now = timezone.now()
    purposes = [PURPOSE_HANDLING, *([PURPOSE_SURVEYS] if survey_consent else [])]
    customer, unverified = None, False
    if not anonymous:
        customer, unverified = _customer_for_filer(
            document_type=document_type,
            document_number=document_number,
            full_name=full_name,
            email=contact_email,
            purposes=purposes,
            phone=contact_phone,
            prefers_phone=prefers_phone,
        )
    pqr = pqr_register(
        actor=None,
        pqr_type=pqr_type,
        pqr_type_token=pqr_type_token,
        channel=channel,
        team=team,
        subject=subject,
        description=description,
        customer=customer,
        contact_email=contact_email,
        contact_consent_at=now if contact_email else None,
        attachments=attachments,
        priority=urgency if urgency in URGENT_PRIORITIES else Priority.NORMAL,
        # In the PQR's own INSERT, so the acknowledgement (sent after commit) reads them.
        extra={
            "language": language if language in WEB_LANGUAGES else "es-co",
            "survey_consent_at": now if survey_consent and contact_email else None,
            "identity_unverified": unverified,
            "contact_phone": contact_phone,
            "prefers_phone": prefers_phone and bool(contact_phone),
        },
    )
    if unverified:
        pqr_identity_flag(pqr=pqr)
    return pqr


@transaction.atomic
def pqr_public_reply(*, pqr_id: int, body: str, attachments=()) -> Pqr:
    """The customer answers a completion request on the status page: a customer
    message with its files; the information arrived today and the term runs again
    from the next business day (`pqr_customer_message_add`)."""
    pqr = Pqr.objects.select_for_update(of=("self",)).select_related("customer").get(pk=pqr_id)
    if pqr.status != Status.EN_ESPERA_CLIENTE:
        raise ValidationError(_("Esta solicitud no está esperando información suya."))
    pqr_customer_message_add(
        pqr=pqr, body=body, source=MessageSource.STATUS_PAGE, attachments=attachments
    )
    pqr.refresh_from_db()
    return pqr
