"""Answering the customer: "Responder" and "Responder y resolver" in one service.

One submit, one transaction: the public message, its notification record (email
queued, or the other channel with its date and proof), the formal letter when asked
for (number, PDF, hash), the template's use count and, for "Responder y resolver", the
resolution. Anything refused is refused before a file is written.
"""

from django.db import transaction

from pqr.models import AnswerTemplate, MessageKind, NotificationDecision, Pqr, PqrMessage
from pqr.notify import Delivery, delivery_validate

from .answer_templates import answer_template_used
from .base import lock
from .letters import letter_create
from .messages import pqr_message_add
from .status import pqr_resolve, pqr_resolve_precheck


@transaction.atomic
def pqr_answer_send(
    *,
    pqr: Pqr,
    actor,
    body: str,
    delivery: Delivery | None = None,
    resolve: bool = False,
    root_cause=None,
    template: AnswerTemplate | None = None,
    letter: bool = False,
    attachments=(),
    anger_level: int | None = None,
) -> PqrMessage:
    """Send an answer to the customer and, with `resolve`, resolve the PQR with it."""
    lock(pqr)
    delivery = delivery_validate(pqr=pqr, decision=NotificationDecision.ANSWER, delivery=delivery)
    if resolve:
        pqr_resolve_precheck(pqr=pqr, root_cause=root_cause)
    message = pqr_message_add(
        pqr=pqr,
        actor=actor,
        kind=MessageKind.PUBLIC_ANSWER,
        body=body,
        anger_level=anger_level,
        attachments=attachments,
        delivery=delivery,
    )
    if letter:
        letter_create(pqr=pqr, message=message, actor=actor, template=template)
    if template is not None:
        answer_template_used(template=template)
    if resolve:
        pqr_resolve(pqr=pqr, actor=actor, root_cause=root_cause)
    return message
