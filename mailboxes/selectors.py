"""Reads of the mailbox intake: the PQR timeline's "received by email" entries, and the
messages and mailboxes that need a person."""

from django.urls import reverse
from django.utils.translation import gettext as _

from customers.timeline import TimelineEntry

from .models import InboundEmail, InboundStatus, Mailbox


def inbound_timeline_entries(pqr) -> list[TimelineEntry]:
    """One entry per email of this PQR, linking its original .eml (one query)."""
    rows = (
        InboundEmail.objects.filter(pqr=pqr)
        .exclude(status=InboundStatus.DUPLICATE)
        .only("id", "arrived_at", "status", "mailbox_id", "reason")
        .order_by("id")
    )
    entries = []
    for row in rows:
        title = (
            _("Recibida por correo electrónico (original .eml)")
            if row.status == InboundStatus.NEW_PQR
            else _("%(status)s: correo original (.eml)") % {"status": row.get_status_display()}
        )
        entries.append(
            TimelineEntry(
                when=row.arrived_at,
                kind="email",
                title=title,
                detail=row.reason if row.status == InboundStatus.BOUNCE else "",
                url=reverse("mailboxes:raw", args=[row.pk]),
                icon="envelope-paper",
            )
        )
    return entries


def held_messages():
    """Messages kept for staff (too big, malformed, or failing again and again): newest
    first, without the raw bytes."""
    return (
        InboundEmail.objects.filter(status=InboundStatus.QUARANTINED)
        .select_related("mailbox")
        .defer("raw")
        .order_by("-arrived_at", "-id")
    )


def mailboxes_in_error():
    """Active mailboxes whose last poll failed (server down, password changed)."""
    return Mailbox.objects.filter(is_active=True).exclude(last_error="").order_by("name")
