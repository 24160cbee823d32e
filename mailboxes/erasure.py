"""Ley 1581: the holder's emails as received (bytes, sender, subject, reasons), for
suppression and for the habeas-data export (the bytes are not exported).

The holder's mail is found through their PQRs and, for mail kept for review without a
PQR (quarantined, bounced, auto-replies), by its sender: any address the holder used
(profile, the PQRs' contact address, the senders of their PQRs' mail)."""

from django.db.models import Q

from customers.holder_data import Section, section_of
from pqr.models import Pqr

from .models import InboundEmail


def _holder_addresses(customer) -> set[str]:
    addresses = {customer.email}
    addresses.update(Pqr.objects.filter(customer=customer).values_list("contact_email", flat=True))
    addresses.update(
        InboundEmail.objects.filter(pqr__customer=customer).values_list("sender", flat=True)
    )
    return {a.strip().lower() for a in addresses if a and a.strip()}


def _holder_mail(customer):
    senders = Q(pk__in=[])
    for address in _holder_addresses(customer):
        senders |= Q(sender__iexact=address)
    return InboundEmail._base_manager.filter(
        Q(pqr__customer=customer) | (Q(pqr__isnull=True) & senders)
    )


def inbound_personal_data_erase(customer) -> dict[str, int]:
    changed = _holder_mail(customer).update(
        raw=b"", sender="", subject="", message_id="", reason="", refused_attachments=[]
    )
    return {"mailboxes.InboundEmail": changed}


def inbound_holder_data(customer) -> list[Section]:
    return [section_of(_holder_mail(customer).defer("raw"))]
