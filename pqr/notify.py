"""Writing the notification record of a decision that must reach the customer.

Every decision that affects the customer (the answer, an extension, a transfer, a
completion request, a rejection, a desistimiento) calls `decision_notify` inside its
own transaction. By email, the outbox row and a pending record are written now and
the record is stamped sent (with the Message-ID) when the mail server accepts it.
By another channel the agent says how it was done: in person or by phone with a
constancia, by post with the guide number, or by a notice (aviso) published on the
site. When the PQR has no email and no channel is given, the decision is refused
with a message that asks for one: nothing is decided that would notify no one.

It sits with the PQR records, below the SLA engine (which notifies extensions) and
the workflow services.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .attachments import validate_attachment
from .emails import customer_email_queue, email_recipient
from .models import (
    CustomerEmailKind,
    CustomerNotification,
    NotificationChannel,
    NotificationDecision,
    NotificationStatus,
    Pqr,
    PqrMessage,
    PublicNotice,
)
from .notification_status import answer_out, status_event

# Only for an acknowledgement (felicitación, sugerencia) to a filer who left no way to
# be reached: the text is kept on the PQR and sent to no one.
NO_CONTACT = "none"

EMAIL_KINDS = {
    NotificationDecision.ANSWER: CustomerEmailKind.ANSWER,
    NotificationDecision.EXTENSION: CustomerEmailKind.EXTENSION,
    NotificationDecision.TRANSFER: CustomerEmailKind.TRANSFER,
    NotificationDecision.COMPLETION_REQUEST: CustomerEmailKind.COMPLETION_REQUEST,
    NotificationDecision.REJECTION: CustomerEmailKind.REJECTION,
    NotificationDecision.DESISTIMIENTO: CustomerEmailKind.DESISTIMIENTO,
    NotificationDecision.RECURSO: CustomerEmailKind.RECURSO_DECISION,
}


@dataclass(frozen=True)
class Delivery:
    """How the agent says a decision reaches the customer (email when left empty)."""

    channel: str = NotificationChannel.EMAIL
    address: str = ""
    notified_on: date | None = None
    guide_number: str = ""
    constancia: str = ""
    evidence: object = None  # an uploaded file: signature scan, postal receipt
    notice_text: str = ""
    notice_from: date | None = None
    notice_until: date | None = None


def no_channel_message() -> str:
    return _(
        "Esta PQR no tiene un correo al que podamos escribir: el cliente no se enteraría. "
        "Indique por qué canal se le comunica (en persona, por teléfono, por correo "
        "postal o con un aviso publicado)."
    )


def delivery_validate(*, pqr: Pqr, decision: str, delivery: Delivery | None) -> Delivery:
    """The delivery to use, or a ValidationError saying what is missing. Call it before
    writing anything, so a refused action leaves no file behind."""
    delivery = delivery or Delivery()
    channel = delivery.channel or NotificationChannel.EMAIL
    today = timezone.localdate()
    if channel == NO_CONTACT:
        if (
            decision == NotificationDecision.ANSWER
            and pqr.pqr_type.acknowledgement_suffices
            and email_recipient(pqr=pqr) is None
        ):
            return delivery
        raise ValidationError(no_channel_message(), code="no_channel")
    if channel not in NotificationChannel.values:
        raise ValidationError(_("Elija un canal de notificación válido."))
    if channel == NotificationChannel.EMAIL:
        if email_recipient(pqr=pqr) is None:
            raise ValidationError(no_channel_message(), code="no_channel")
        return delivery
    if delivery.notified_on and delivery.notified_on > today:
        raise ValidationError(_("La fecha de notificación no puede estar en el futuro."))
    if channel in (NotificationChannel.IN_PERSON, NotificationChannel.PHONE) and not (
        delivery.constancia.strip()
    ):
        raise ValidationError(
            _("Escriba la constancia: qué se le comunicó al cliente, quién y cuándo.")
        )
    if channel == NotificationChannel.POST:
        if not delivery.address.strip():
            raise ValidationError(_("Indique la dirección postal a la que se envía."))
        if not delivery.guide_number.strip():
            raise ValidationError(_("Indique el número de guía del envío postal."))
    if channel == NotificationChannel.NOTICE:
        if email_recipient(pqr=pqr) is not None:
            raise ValidationError(
                _("El aviso se publica solo cuando no es posible notificar por correo.")
            )
        if not delivery.notice_text.strip():
            raise ValidationError(_("Escriba el texto del aviso que se publicará."))
        if not (delivery.notice_from and delivery.notice_until):
            raise ValueError("a notice needs its publication dates")
    if delivery.evidence:
        validate_attachment(delivery.evidence)
    return delivery


def _status_for(channel: str) -> str:
    if channel in (NotificationChannel.IN_PERSON, NotificationChannel.PHONE):
        return NotificationStatus.DELIVERED
    if channel in (NotificationChannel.POST, NotificationChannel.NOTICE):
        return NotificationStatus.SENT
    return NotificationStatus.PENDING


def decision_notify(
    *,
    pqr: Pqr,
    decision: str,
    actor,
    delivery: Delivery | None = None,
    message: PqrMessage | None = None,
    recursos: str = "",
) -> CustomerNotification | None:
    """Write the notification record (and, by email, the outbox row) of one decision;
    `recursos` is what the customer is told about recursos against it."""
    delivery = delivery_validate(pqr=pqr, decision=decision, delivery=delivery)
    channel = delivery.channel or NotificationChannel.EMAIL
    if channel == NO_CONTACT:
        return None
    now = timezone.now()
    row = CustomerNotification(
        pqr=pqr,
        decision=decision,
        channel=channel,
        message=message,
        status=_status_for(channel),
        created_by=actor,
        address=delivery.address.strip()[:254],
        guide_number=delivery.guide_number.strip()[:60],
        constancia=delivery.constancia.strip(),
        recursos=recursos,
    )
    if channel == NotificationChannel.EMAIL:
        row.address = email_recipient(pqr=pqr) or ""
        row.customer_email = customer_email_queue(
            kind=EMAIL_KINDS[decision], pqr=pqr, message=message
        )
    elif channel == NotificationChannel.NOTICE:
        row.address = _("Página pública de avisos")
    else:
        row.notified_on = delivery.notified_on or timezone.localdate(now)
        if row.status == NotificationStatus.DELIVERED:
            row.delivered_at = now
        else:
            row.sent_at = now
    if channel == NotificationChannel.NOTICE:
        row.sent_at = now
    if delivery.evidence:
        row.evidence_name = getattr(delivery.evidence, "name", "")[:255]
        delivery.evidence.seek(0)
        row.evidence.save(row.evidence_name or "soporte", delivery.evidence, save=False)
    row.save()
    if channel == NotificationChannel.NOTICE:
        PublicNotice.objects.create(
            notification=row,
            pqr=pqr,
            text=delivery.notice_text.strip(),
            published_on=delivery.notice_from,
            published_until=delivery.notice_until,
        )
    status_event(row, actor=actor, note=row.address)
    answer_out(row)
    return row
