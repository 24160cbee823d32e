"""Reads of the public side: finding a PQR by radicado + document/email, and what the
customer may see of it (never internal notes, agent names or internal events)."""

import hmac
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Subquery

from customers.validation import normalise_document
from pqr.models import (
    WENT_OUT,
    AnswerLetter,
    CustomerNotification,
    EventKind,
    MessageKind,
    NotificationDecision,
    Pqr,
    PqrAttachment,
    PqrEvent,
    PqrMessage,
    Status,
)
from pqr.selectors import radicado_candidates


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


def _identifier_matches(pqr: Pqr, identifier: str) -> bool:
    if "@" in identifier:
        # Only the address captured on this PQR at filing: whoever edits the profile's
        # email later gains nothing here.
        return _same(identifier.strip().lower(), pqr.contact_email.lower())
    if pqr.customer_id is None:
        return False
    return _same(normalise_document(identifier), pqr.customer.document_number)


def pqr_public_find(*, radicado: str, identifier: str) -> Pqr | None:
    """The PQR when the radicado exists AND the document or email belongs to it.

    Callers show one and the same message for every None, so nobody can learn
    whether a radicado exists.
    """
    radicados = radicado_candidates(radicado) or [radicado.strip().upper()]
    pqrs = (
        Pqr.objects.select_related("customer")
        .only(
            "id",
            "radicado",
            "contact_email",
            "customer__document_number",
        )
        .filter(radicado__in=radicados)
        .order_by("-radicado")
    )
    # A bare number stands for one radicado per year: the one the identifier owns.
    return next((pqr for pqr in pqrs if _identifier_matches(pqr, identifier)), None)


@dataclass
class PublicStatus:
    pqr: Pqr
    answers: list[PqrMessage]
    missing: str = ""
    attachments: list[PqrAttachment] = field(default_factory=list)
    # "We answered" is said only once an answer reached the customer.
    answered: bool = False
    # What the last decision told the customer about recursos (pqr.services.recursos).
    recursos: str = ""


_STATUS_FIELDS = (
    *("id", "radicado", "subject", "status", "pqr_type", "term_suspended"),
    *("transfer_destination", "received_at", "completion_due_on", "legal_due_at"),
    *("first_responded_at", "transferred_on", "resolved_at", "closed_at"),
)


def pqr_public_status(*, pqr_id: int) -> PublicStatus | None:
    """Everything the lookup page shows, in a constant number of queries."""
    public_files = Prefetch(
        "attachments", queryset=PqrAttachment.objects.only("id", "message_id", "filename", "size")
    )
    answers = Prefetch(
        "messages",
        queryset=PqrMessage.objects.filter(kind=MessageKind.PUBLIC_ANSWER)
        .select_related("letter")
        .only("id", "pqr_id", "body", "created_at", "letter__id", "letter__number")
        .prefetch_related(public_files)
        .order_by("created_at", "id"),
        to_attr="public_answers",
    )
    # What used to be three more queries, as subqueries of the PQR's own read: the
    # completion request's note, the recursos of the last decision that told them, and
    # whether an answer reached the customer (pqr.notification_status.answer_went_out).
    notices = CustomerNotification.objects.filter(pqr=OuterRef("pk"))
    asked = PqrEvent.objects.filter(
        pqr=OuterRef("pk"), kind=EventKind.STATUS, new_value=Status.EN_ESPERA_CLIENTE
    )
    pqr = (
        Pqr.objects.select_related("pqr_type")
        # What templates/pqr/public/status.html shows (of some 90 columns).
        .only(*_STATUS_FIELDS, "pqr_type__name")
        .annotate(
            public_missing=Subquery(asked.order_by("-id").values("note")[:1]),
            public_recursos=Subquery(
                notices.exclude(recursos="").order_by("-id").values("recursos")[:1]
            ),
            public_answered=Exists(
                notices.filter(decision=NotificationDecision.ANSWER, status__in=WENT_OUT)
            ),
        )
        .prefetch_related(answers)
        .filter(pk=pqr_id)
        .first()
    )
    if pqr is None:
        return None
    waiting = pqr.status == Status.EN_ESPERA_CLIENTE
    return PublicStatus(
        pqr=pqr,
        answers=pqr.public_answers,
        missing=(pqr.public_missing or "") if waiting else "",
        answered=pqr.public_answered,
        recursos=pqr.public_recursos or "",
    )


def public_letter_get(*, pqr_id: int, letter_id: int) -> AnswerLetter | None:
    return AnswerLetter.objects.filter(pk=letter_id, pqr_id=pqr_id).exclude(file="").first()


def public_attachment_get(*, pqr_id: int, attachment_id: int) -> PqrAttachment | None:
    """An attachment of a public answer of this PQR; None for anything else."""
    return (
        PqrAttachment.objects.filter(
            pk=attachment_id, pqr_id=pqr_id, message__kind=MessageKind.PUBLIC_ANSWER
        )
        .exclude(file="")
        .only("id", "file", "filename", "content_type")
        .first()
    )
