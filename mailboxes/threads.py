"""Which addresses are ours, the Reply-To of a PQR's emails, and which PQR an
incoming reply belongs to (reply token, In-Reply-To of a message we sent, or the
radicado in the subject from the PQR's own contact)."""

import re
from email.utils import parseaddr

from django.conf import settings

from pqr.models import CustomerEmail, Pqr
from pqr.reply_address import reply_token, reply_token_read

from . import parsing
from .models import Mailbox

RADICADO_RE = re.compile(r"PQR-\d{4}-\d{6}")
OUR_EMAIL_ID_RE = re.compile(r"<pqr-email-(\d+)-(\d{14})@[^<>\s]+>")


def own_addresses() -> set[str]:
    """Addresses mail from which is ours (a loop), lower case."""
    ours = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()}
    ours |= {a.lower() for a in Mailbox.objects.values_list("address", flat=True)}
    return {a for a in ours if a}


def reply_address_for(pqr: Pqr) -> str | None:
    """Reply-To for this PQR's emails (the `pqr.reply_address` provider): the first
    active mailbox, plus-addressed with the PQR's token where the server allows it."""
    mailbox = (
        Mailbox.objects.filter(is_active=True)
        .order_by("id")
        .only("address", "plus_addressing")
        .first()
    )
    if mailbox is None:
        return None
    if not mailbox.plus_addressing:
        return mailbox.address
    local, _sep, domain = mailbox.address.partition("@")
    return f"{local}+{reply_token(pqr.pk)}@{domain}"


def is_contact(pqr: Pqr, sender: str) -> bool:
    addresses = {(pqr.contact_email or "").lower()}
    if pqr.customer_id and pqr.customer.email:
        addresses.add(pqr.customer.email.lower())
    return sender in addresses - {""}


def thread_match(*, mailbox: Mailbox, parsed: parsing.Parsed) -> tuple[Pqr | None, str]:
    """The PQR a reply belongs to and how it was recognised ("token", "in_reply_to",
    "radicado"), or (None, "")."""
    local, _sep, domain = mailbox.address.lower().partition("@")
    for recipient in parsed.recipients:
        r_local, _sep, r_domain = recipient.partition("@")
        if r_domain == domain and r_local.startswith(local + "+"):
            pqr_id = reply_token_read(r_local[len(local) + 1 :])
            pqr = (
                Pqr.objects.select_related("customer").filter(pk=pqr_id).first() if pqr_id else None
            )
            if pqr is not None:
                return pqr, "token"
    for message_id in parsed.thread_ids:
        match = OUR_EMAIL_ID_RE.fullmatch(message_id)
        if not match:
            continue
        email = CustomerEmail.objects.select_related("pqr__customer").filter(pk=match[1]).first()
        if email is not None and f"{email.created_at:%Y%m%d%H%M%S}" == match[2]:
            return email.pqr, "in_reply_to"
    for radicado in RADICADO_RE.findall(parsed.subject.upper()):
        pqr = Pqr.objects.select_related("customer").filter(radicado=radicado).first()
        # Anyone can type a radicado: only its own contact threads by it.
        if pqr is not None and is_contact(pqr, parsed.sender):
            return pqr, "radicado"
    return None, ""
