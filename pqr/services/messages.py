"""Public answers (emailed to the customer: the legal answer), internal notes, files."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pqr.attachments import validate_attachment
from pqr.events import pqr_event_record
from pqr.models import (
    EventKind,
    MessageKind,
    NotificationDecision,
    Pqr,
    PqrAttachment,
    PqrMessage,
    Status,
)
from pqr.notify import Delivery, decision_notify, delivery_validate
from sla.outcomes import pqr_first_response_record

from .anger import pqr_anger_record
from .base import lock, save
from .recursos import decision_recursos
from .status import pqr_transition

S = Status


@transaction.atomic
def pqr_attachment_add(
    *, pqr: Pqr, upload, actor=None, message: PqrMessage | None = None
) -> PqrAttachment:
    checked = validate_attachment(upload)
    upload.seek(0)
    attachment = PqrAttachment(
        pqr=pqr,
        message=message,
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    attachment.file.save(checked.filename, upload, save=False)
    attachment.save()
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.ATTACHMENT,
        field="attachment",
        new_value=checked.filename,
    )
    return attachment


@transaction.atomic
def pqr_message_add(
    *,
    pqr: Pqr,
    actor,
    kind: str,
    body: str,
    anger_level: int | None = None,
    attachments=(),
    delivery: Delivery | None = None,
) -> PqrMessage:
    """A public answer (the legal answer: it is notified to the customer by email or
    by the channel in `delivery`, with its record) or an internal note (never shown)."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Escriba el texto del mensaje."))
    lock(pqr)
    public = kind == MessageKind.PUBLIC_ANSWER
    if public and pqr.status in (S.DESISTIDO, S.RECHAZADO):
        raise ValidationError(_("Esta PQR está archivada; reábrala antes de responder."))
    if public:
        delivery = delivery_validate(
            pqr=pqr, decision=NotificationDecision.ANSWER, delivery=delivery
        )
    message = PqrMessage.objects.create(
        pqr=pqr, kind=kind, body=body, author=actor, anger_level=anger_level
    )
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.MESSAGE if public else EventKind.NOTE,
        note=body[:200],
    )
    for upload in attachments:
        pqr_attachment_add(pqr=pqr, upload=upload, actor=actor, message=message)
    if anger_level:
        pqr_anger_record(pqr=pqr, level=anger_level, actor=actor)
    if public:
        if pqr.first_responded_at is None:
            pqr.first_responded_at = message.created_at
            save(pqr, ["first_responded_at", *pqr_first_response_record(pqr=pqr)])
        if pqr.status in (S.RADICADO, S.ASIGNADO, S.REABIERTO):
            pqr_transition(pqr=pqr, to_status=S.EN_TRAMITE, actor=actor)
        decision_notify(
            pqr=pqr,
            decision=NotificationDecision.ANSWER,
            actor=actor,
            delivery=delivery,
            message=message,
            recursos=decision_recursos(pqr=pqr, decision=NotificationDecision.ANSWER),
        )
    return message
