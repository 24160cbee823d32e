"""What the customer sends on an open case: an email reply or the status page's form.

Each is a "customer" message in the PQR's conversation, with its attachments (the
refused ones listed on the PQR), and an alert to the assigned agent (or the team).
While the PQR waits on the customer (art. 17), a message from the PQR's own contact
is the requested information arriving: the term runs again from the next day. A
reply from another address is kept but flagged, and the agent decides.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pqr.events import pqr_event_record
from pqr.models import EventKind, MessageKind, MessageSource, Pqr, PqrMessage, Status
from sla import services as sla_services
from sla.models import AlertKind

from .base import lock
from .completion import pqr_completion_received
from .messages import pqr_attachment_add

# pqr_completion_received's names for where the information came from.
COMPLETION_SOURCE = {MessageSource.EMAIL: "email", MessageSource.STATUS_PAGE: "status_page"}
REFUSED_FIELD = "attachment_refused"


def pqr_attachment_refused_record(*, pqr: Pqr, filename: str, reason: str) -> None:
    """A file the customer sent that the content checks refused: listed on the PQR."""
    pqr_event_record(
        pqr=pqr,
        actor=None,
        kind=EventKind.ATTACHMENT,
        field=REFUSED_FIELD,
        new_value=_("%(name)s (rechazado)") % {"name": filename[:200]},
        note=reason,
    )


@transaction.atomic
def pqr_customer_message_add(
    *,
    pqr: Pqr,
    body: str,
    source: str,
    sender_email: str = "",
    sender_mismatch: bool = False,
    attachments=(),
    refused=(),
    arrived_at: datetime | None = None,
) -> PqrMessage:
    """Record what the customer sent; `refused` lists (filename, reason) pairs."""
    if source not in COMPLETION_SOURCE:
        raise ValueError(f"unknown source {source!r}")
    body = (body or "").strip()
    if not body and not attachments and not refused:
        raise ValidationError(_("Escriba el mensaje o adjunte un archivo."))
    lock(pqr)
    message = PqrMessage.objects.create(
        pqr=pqr,
        kind=MessageKind.CUSTOMER,
        body=body or _("(mensaje sin texto; vea los adjuntos)"),
        source=source,
        sender_email=(sender_email or "")[:254],
        sender_mismatch=sender_mismatch,
    )
    pqr_event_record(
        pqr=pqr,
        actor=None,
        kind=EventKind.CUSTOMER_MESSAGE,
        field=source,
        note=message.body[:200],
    )
    for upload in attachments:
        pqr_attachment_add(pqr=pqr, upload=upload, actor=None, message=message)
    for filename, reason in refused:
        pqr_attachment_refused_record(pqr=pqr, filename=filename, reason=reason)
    sla_services.alert_raise(
        pqr=pqr,
        kind=AlertKind.CUSTOMER_MESSAGE,
        threshold=f"m{message.pk}",
        detail=str(MessageSource(source).label),
    )
    if pqr.status == Status.EN_ESPERA_CLIENTE:
        _completion_arrived(pqr=pqr, message=message, arrived_at=arrived_at)
    return message


def _completion_arrived(*, pqr: Pqr, message: PqrMessage, arrived_at: datetime | None) -> None:
    if message.sender_mismatch:
        pqr_event_record(
            pqr=pqr,
            actor=None,
            kind=EventKind.FIELD,
            field="contact_email",
            note=_(
                "Respuesta desde otra dirección que la del contacto: el término no se "
                "reanudó solo; si es la información pedida, regístrela."
            ),
        )
        return
    day = timezone.localdate(arrived_at) if arrived_at else None
    try:
        pqr_completion_received(
            pqr=pqr, arrived_on=day, actor=None, source=COMPLETION_SOURCE[message.source]
        )
    except ValidationError as exc:
        # E.g. a message that arrived before the request was made: the agent decides.
        pqr_event_record(
            pqr=pqr,
            actor=None,
            kind=EventKind.FIELD,
            field="completion_due_on",
            note=" ".join(exc.messages),
        )
