"""Ley 1581: the holder's emails as received (bytes, sender, subject, reasons), for
suppression and for the habeas-data export (the bytes are not exported)."""

from customers.holder_data import Section, section_of

from .models import InboundEmail


def inbound_personal_data_erase(customer) -> dict[str, int]:
    rows = InboundEmail.objects.filter(pqr__customer=customer)
    changed = rows.update(
        raw=b"", sender="", subject="", message_id="", reason="", refused_attachments=[]
    )
    return {"mailboxes.InboundEmail": changed}


def inbound_holder_data(customer) -> list[Section]:
    return [section_of(InboundEmail._base_manager.filter(pqr__customer=customer).defer("raw"))]
