"""Writes of the public side: a PQR filed on the web form by someone without an account."""

from django.db import transaction
from django.utils import timezone

from customers.models import ConsentChannel, Customer
from customers.selectors import customer_current_consent
from customers.services import consent_record, customer_create
from pqr.models import Channel, Pqr, PqrType
from pqr.services import pqr_create

WEB_LANGUAGES = ("es-co", "en")


def _customer_for_filer(*, document_type: str, document_number: str, full_name: str, email: str):
    """Reuse the customer with this document or create one; consent is recorded on the web.

    An existing profile is never edited from the public form: anyone can type a
    document number, so the form only adds a case, not new profile data.
    """
    customer = Customer.objects.filter(
        document_type=document_type, document_number=document_number
    ).first()
    if customer is None:
        return customer_create(
            actor=None,
            consent_channel=ConsentChannel.WEB,
            document_type=document_type,
            document_number=document_number,
            full_name=full_name.strip(),
            email=email,
        )
    current = customer_current_consent(customer=customer)
    if current is None or current.revoked_at is not None:
        consent_record(customer=customer, channel=ConsentChannel.WEB, actor=None)
    return customer


@transaction.atomic
def pqr_public_file(
    *,
    pqr_type: PqrType,
    subject: str,
    description: str,
    contact_email: str,
    language: str,
    anonymous: bool,
    document_type: str = "",
    document_number: str = "",
    full_name: str = "",
    attachments=(),
) -> Pqr:
    """Register a web-form PQR; the acknowledgement is queued in the same transaction."""
    contact_email = (contact_email or "").strip().lower()
    customer = None
    if not anonymous:
        customer = _customer_for_filer(
            document_type=document_type,
            document_number=document_number,
            full_name=full_name,
            email=contact_email,
        )
    pqr = pqr_create(
        actor=None,
        pqr_type=pqr_type,
        channel=Channel.WEB,
        subject=subject,
        description=description,
        customer=customer,
        contact_email=contact_email,
        contact_consent_at=timezone.now() if contact_email else None,
        attachments=attachments,
    )
    # Saved before commit, so the acknowledgement (sent after commit) reads it.
    language = language if language in WEB_LANGUAGES else "es-co"
    if pqr.language != language:
        pqr.language = language
        pqr.save(update_fields=["language"])
    return pqr
