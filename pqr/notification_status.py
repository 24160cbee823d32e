"""Where a notification stands: sent, delivered or failed, and who hears about it.

The records layer (like the outbox): the outbox sender (`pqr.emails`) stamps a
notification sent when the mail server accepts the message, and marks it failed when
the address is refused or the retries run out. The mailbox intake calls
`notification_mark_failed(message_id=...)` when a bounce comes back.

Higher apps listen through two small registries filled in their AppConfig.ready():
the SLA engine alerts the agent when a notification fails; surveys send the invitation
of a resolved PQR once its answer went out.
"""

import hashlib
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from core.mail import stable_message_id

from .events import pqr_event_record
from .models import (
    WENT_OUT,
    AnswerLetter,
    CustomerEmail,
    CustomerNotification,
    EventKind,
    MessageKind,
    NotificationDecision,
    NotificationStatus,
    Pqr,
    PqrEvent,
    PqrMessage,
    Status,
)
from .reply_address import reply_address

logger = logging.getLogger(__name__)
NotificationListener = Callable[[CustomerNotification], None]
_failure_listeners: list[NotificationListener] = []
_answer_out_listeners: list[NotificationListener] = []
EmailFailedListener = Callable[..., None]
_email_failed_listeners: list[EmailFailedListener] = []


def register_notification_failed_listener(listener: NotificationListener) -> None:
    if listener not in _failure_listeners:
        _failure_listeners.append(listener)


def register_answer_went_out_listener(listener: NotificationListener) -> None:
    if listener not in _answer_out_listeners:
        _answer_out_listeners.append(listener)


def register_email_failed_listener(listener: EmailFailedListener) -> None:
    """Called as listener(email=..., notified=...) when an outbox email is given up;
    `notified` says whether a notification record (and so an alert) already covers it."""
    if listener not in _email_failed_listeners:
        _email_failed_listeners.append(listener)


def notify_email_failed(*, email: CustomerEmail, notified: bool) -> None:
    for listener in _email_failed_listeners:
        listener(email=email, notified=notified)


def notify_listeners(listeners: list[NotificationListener], row: CustomerNotification) -> None:
    for listener in listeners:
        listener(row)


def status_event(row: CustomerNotification, actor=None, note: str = "") -> None:
    pqr_event_record(
        pqr=row.pqr,
        actor=actor,
        kind=EventKind.NOTIFICATION,
        field=row.decision,
        new_value=f"{row.get_channel_display()}: {row.get_status_display()}",
        note=note,
    )


def answer_out(row: CustomerNotification) -> None:
    """Call the listeners when an answer's notification has just gone out."""
    if row.decision == NotificationDecision.ANSWER and row.status in WENT_OUT:
        notify_listeners(_answer_out_listeners, row)


# --- the outbox sender's hooks -------------------------------------------------------


def email_message_id(email: CustomerEmail) -> str:
    """A Message-ID derived from the outbox row: the same on every retry, so it can be
    matched when a bounce quotes it."""
    return stable_message_id("email", email.pk, f"{email.created_at:%Y%m%d%H%M%S}")


def email_prepare(email: CustomerEmail, message) -> None:
    """Set the Message-ID and attach the answer's formal letter (the stored bytes)."""
    message.extra_headers["Message-ID"] = email_message_id(email)
    address = reply_address(email.pqr)
    if address:
        message.reply_to = [address]
    if email.message_id is None:
        return
    letter = AnswerLetter.objects.filter(message_id=email.message_id).first()
    if letter is not None and letter.file:
        message.attach(letter.filename, letter_bytes(letter), "application/pdf")


def letter_bytes(letter: AnswerLetter) -> bytes:
    """The stored PDF, checked against its hash: a changed file is never sent or served."""
    with letter.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        raise ValueError(f"letter {letter.pk}: stored file does not match its SHA-256")
    return data


def email_sent(*, email: CustomerEmail) -> None:
    """The mail server accepted the email: its notifications are sent, with the id."""
    now = timezone.now()
    message_id = email_message_id(email)
    rows = CustomerNotification.objects.select_for_update().filter(customer_email=email)
    for row in rows.select_related("pqr"):
        if row.status == NotificationStatus.DELIVERED:
            continue
        row.status = NotificationStatus.SENT
        row.sent_at = now
        row.smtp_message_id = message_id
        row.notified_on = timezone.localdate(now)
        row.save(update_fields=["status", "sent_at", "smtp_message_id", "notified_on"])
        status_event(row, note=message_id)
        answer_out(row)


# --- failures -------------------------------------------------------------------------


@transaction.atomic
def notification_mark_failed(
    *,
    reason: str,
    message_id: str = "",
    notification_id: int | None = None,
    customer_email_id: int | None = None,
    failed_at=None,
) -> list[CustomerNotification]:
    """Turn the matching notifications failed and alert the agent; returns them.

    Match by the Message-ID a bounce quotes, by the outbox row, or by id. Calling it
    again for a notification already failed changes nothing (bounces come twice).
    """
    rows = CustomerNotification.objects.select_for_update(of=("self",)).select_related("pqr")
    if message_id:
        rows = rows.filter(smtp_message_id=message_id.strip())
    elif customer_email_id is not None:
        rows = rows.filter(customer_email_id=customer_email_id)
    elif notification_id is not None:
        rows = rows.filter(pk=notification_id)
    else:
        raise ValueError("say which notification failed")
    failed = []
    for row in rows.exclude(status=NotificationStatus.FAILED):
        row.status = NotificationStatus.FAILED
        row.failed_at = failed_at or timezone.now()
        row.failure_reason = (reason or "").strip()[:1000]
        row.save(update_fields=["status", "failed_at", "failure_reason"])
        status_event(row, note=row.failure_reason)
        notify_listeners(_failure_listeners, row)
        failed.append(row)
    if not failed:
        logger.info("notification failure with no open notification to mark")
    return failed


# --- reads the gates use ----------------------------------------------------------------


def _since_last_reopening(pqr: Pqr):
    reopened = (
        PqrEvent.objects.filter(pqr=pqr, kind=EventKind.STATUS, new_value=Status.REABIERTO)
        .order_by("-id")
        .values_list("created_at", flat=True)
        .first()
    )
    return reopened


def answer_on_record(pqr: Pqr) -> bool:
    """Whether the PQR may be resolved: an answer that is going or went out (not
    failed) since it was last reopened; for types where an acknowledgement suffices,
    any public message since then (the filer may have left no way to reach them)."""
    since = _since_last_reopening(pqr)
    answers = CustomerNotification.objects.filter(
        pqr=pqr, decision=NotificationDecision.ANSWER
    ).exclude(status=NotificationStatus.FAILED)
    if since is not None:
        answers = answers.filter(created_at__gte=since)
    if answers.exists():
        return True
    if not pqr.pqr_type.acknowledgement_suffices:
        return False
    messages = PqrMessage.objects.filter(pqr=pqr, kind=MessageKind.PUBLIC_ANSWER)
    if since is not None:
        messages = messages.filter(created_at__gte=since)
    return messages.exists()


def answer_went_out(pqr: Pqr) -> bool:
    """An answer reached the customer (accepted by the mail server, handed over in
    person, by phone, by post, or published as a notice)."""
    return CustomerNotification.objects.filter(
        pqr=pqr, decision=NotificationDecision.ANSWER, status__in=WENT_OUT
    ).exists()
