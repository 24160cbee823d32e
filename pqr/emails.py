"""Emails to the customer, through the `CustomerEmail` outbox.

The row is written inside the transaction that causes the email (a rollback leaves no
row and sends nothing); after commit a Celery task sends it. The task locks the row and
skips it once `sent_at` is set, so a repeated trigger or a re-queued row never sends a
second copy. A beat task re-queues rows the broker never received.
"""

from datetime import timedelta
from smtplib import SMTPRecipientsRefused, SMTPResponseException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.jobs import publish

from .models import CustomerEmail, CustomerEmailKind, EventKind, Pqr, PqrMessage, Status
from .notification_status import email_prepare, email_sent, notification_mark_failed

MAX_ATTEMPTS = 8
# Retries wait 30 s, 60 s, 120 s ... up to an hour between attempts.
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
# A row still unsent after this long was never queued (broker down at commit time).
REQUEUE_AFTER = timedelta(minutes=5)

# Kinds that may happen more than once on the same PQR (a second transfer after a
# reopening, a second completion request); their key carries the causing event.
REPEATABLE_KINDS = (
    CustomerEmailKind.COMPLETION_REQUEST,
    CustomerEmailKind.TRANSFER,
    CustomerEmailKind.REJECTION,
    CustomerEmailKind.DESISTIMIENTO,
)


def backoff_seconds(attempts: int) -> int:
    return min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)


def email_recipient(*, pqr: Pqr) -> str | None:
    """The address for this PQR's emails, or None when there is none we may use.

    Only the address captured on the PQR at filing (the profile's address at that
    time when none was typed): a later edit of the profile never redirects a case's
    mail. An anonymous filer is written to only after consenting.
    """
    if pqr.customer_id is not None:
        return pqr.contact_email or None
    if pqr.contact_email and pqr.contact_consent_at:
        return pqr.contact_email
    return None


def _dedupe_key(kind: str, pqr: Pqr, message: PqrMessage | None) -> str:
    if message is not None:
        ref = str(message.pk)
    elif kind in REPEATABLE_KINDS:
        last_event = pqr.events.order_by("-id").values_list("id", flat=True).first()
        ref = f"e{last_event}"
    else:
        ref = ""
    return f"{kind}:{pqr.pk}:{ref}"


def customer_email_queue(
    *, kind: str, pqr: Pqr, message: PqrMessage | None = None
) -> CustomerEmail | None:
    """Write the outbox row now (inside the caller's transaction) and send after commit."""
    if email_recipient(pqr=pqr) is None:
        return None
    email, created = CustomerEmail.objects.get_or_create(
        dedupe_key=_dedupe_key(kind, pqr, message),
        defaults={"pqr": pqr, "kind": kind, "message": message},
    )
    if created:
        email_id = email.pk
        transaction.on_commit(lambda: _enqueue(email_id))
    return email


def _enqueue(email_id: int) -> None:
    # With the broker down the row stays unsent and the beat task queues it later.
    publish("pqr.tasks.send_customer_email", email_id)


@transaction.atomic
def customer_email_send(*, email_id: int) -> bool:
    """Send one outbox row once; False when it was already sent (or has no recipient)."""
    email = (
        CustomerEmail.objects.select_for_update(of=("self",))
        .select_related("pqr__customer", "pqr__pqr_type", "message")
        .filter(pk=email_id)
        .first()
    )
    if email is None or email.sent_at is not None:
        return False
    to = email_recipient(pqr=email.pqr)
    now = timezone.now()
    if to is None:
        email.last_error = "no recipient"
        email.last_attempt_at = now
        email.save(update_fields=["last_error", "last_attempt_at"])
        notification_mark_failed(customer_email_id=email.pk, reason="no recipient")
        return False
    subject, text, html = render_customer_email(email)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    email_prepare(email, message)  # Message-ID, the answer's formal letter
    # Sent while the row is locked: a concurrent task waits here and then sees sent_at.
    message.send()
    email.sent_at = now
    email.last_attempt_at = now
    email.attempts = F("attempts") + 1
    email.last_error = ""
    email.save(update_fields=["sent_at", "last_attempt_at", "attempts", "last_error"])
    email_sent(email=email)  # its notification records: sent, with the Message-ID
    return True


def customer_email_failed(*, email_id: int, error: Exception) -> int:
    """Record a failed attempt (outside the rolled-back send); returns the attempt count."""
    CustomerEmail.objects.filter(pk=email_id).update(
        attempts=F("attempts") + 1,
        last_attempt_at=timezone.now(),
        last_error=f"{type(error).__name__}: {error}"[:1000],
    )
    attempts = (
        CustomerEmail.objects.filter(pk=email_id).values_list("attempts", flat=True).first() or 0
    )
    if attempts >= MAX_ATTEMPTS or smtp_error_is_permanent(error):
        notification_mark_failed(
            customer_email_id=email_id, reason=f"{type(error).__name__}: {error}"
        )
    return attempts


def smtp_error_is_permanent(error: Exception) -> bool:
    """A 5xx answer (e.g. the recipient does not exist): retrying will not help."""
    if isinstance(error, SMTPRecipientsRefused):
        return True
    return isinstance(error, SMTPResponseException) and 500 <= error.smtp_code < 600


def customer_emails_requeue(*, now=None) -> int:
    """Queue again the unsent rows whose task was lost; returns how many."""
    now = now or timezone.now()
    stale = now - REQUEUE_AFTER
    ids = list(
        CustomerEmail.objects.filter(
            sent_at__isnull=True, created_at__lt=stale, attempts__lt=MAX_ATTEMPTS
        )
        .filter(
            Q(last_attempt_at__isnull=True)
            | Q(last_attempt_at__lt=now - timedelta(seconds=BACKOFF_MAX_SECONDS))
        )
        .order_by("created_at")
        .values_list("id", flat=True)[:500]
    )
    for email_id in ids:
        _enqueue(email_id)
    return len(ids)


# --- rendering ----------------------------------------------------------------------


def lookup_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("pqr:public_lookup")


def _completion_note(pqr: Pqr) -> str:
    event = (
        pqr.events.filter(kind=EventKind.STATUS, new_value=Status.EN_ESPERA_CLIENTE)
        .order_by("-id")
        .first()
    )
    return event.note if event else ""


def _status_note(pqr: Pqr, status: str) -> str:
    event = pqr.events.filter(kind=EventKind.STATUS, new_value=status).order_by("-id").first()
    return event.note if event else ""


def _extension(pqr: Pqr) -> dict:
    clock = getattr(pqr, "clock", None)
    return {
        "extension_reason": getattr(clock, "extension_reason", ""),
        "legal_due_at": pqr.legal_due_at,
    }


def _context(email: CustomerEmail) -> dict:
    pqr = email.pqr
    context = {
        "pqr": pqr,
        "name": pqr.customer.full_name if pqr.customer_id else "",
        "lookup_url": lookup_url(),
        "message": email.message,
    }
    if email.kind == CustomerEmailKind.ANSWER and email.message is not None:
        context["attachments"] = list(email.message.attachments.all())
    if email.kind == CustomerEmailKind.COMPLETION_REQUEST:
        context["missing"] = _completion_note(pqr)
    if email.kind == CustomerEmailKind.EXTENSION:
        context |= _extension(pqr)
    if email.kind == CustomerEmailKind.DESISTIMIENTO:
        context["reason"] = _status_note(pqr, Status.DESISTIDO)
    if email.message is not None:
        context["letter"] = getattr(email.message, "letter", None)
    return context


# Subjects live here, per language, next to the per-language templates: emails never
# depend on a compiled catalogue being present on the worker.
SUBJECTS = {
    "es": {
        CustomerEmailKind.ACKNOWLEDGEMENT: "Recibimos su solicitud: radicado {radicado}",
        CustomerEmailKind.ANSWER: "Respuesta a su solicitud {radicado}",
        CustomerEmailKind.COMPLETION_REQUEST: "Necesitamos más información sobre {radicado}",
        CustomerEmailKind.TRANSFER: "Su solicitud {radicado} fue trasladada",
        CustomerEmailKind.EXTENSION: "Ampliamos el plazo de respuesta de {radicado}",
        CustomerEmailKind.REJECTION: "Decisión sobre su solicitud {radicado}",
        CustomerEmailKind.DESISTIMIENTO: "Archivo por desistimiento de su solicitud {radicado}",
    },
    "en": {
        CustomerEmailKind.ACKNOWLEDGEMENT: "We received your request: reference {radicado}",
        CustomerEmailKind.ANSWER: "Answer to your request {radicado}",
        CustomerEmailKind.COMPLETION_REQUEST: "We need more information about {radicado}",
        CustomerEmailKind.TRANSFER: "Your request {radicado} was transferred",
        CustomerEmailKind.EXTENSION: "We extended the time to answer {radicado}",
        CustomerEmailKind.REJECTION: "Decision on your request {radicado}",
        CustomerEmailKind.DESISTIMIENTO: "Your request {radicado} was closed as withdrawn",
    },
}


def email_language(pqr: Pqr) -> str:
    """Template folder for the customer's language: "en" or "es" (the default)."""
    return "en" if (pqr.language or "").lower().startswith("en") else "es"


def render_customer_email(email: CustomerEmail) -> tuple[str, str, str]:
    """(subject, text, html) in the language the customer filed in."""
    pqr = email.pqr
    folder = email_language(pqr)
    context = _context(email)
    with translation.override("en" if folder == "en" else "es-co"):
        subject = SUBJECTS[folder][email.kind].format(radicado=pqr.radicado)
        text = render_to_string(f"pqr/email/{folder}/{email.kind}.txt", context)
        html = render_to_string(f"pqr/email/{folder}/{email.kind}.html", context)
    return subject, text, html
