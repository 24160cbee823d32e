"""Emails to the customer, through the `CustomerEmail` outbox.

The row is written inside the transaction that causes the email (a rollback leaves no
row and sends nothing); after commit a Celery task sends it. The task locks the row and
skips it once `sent_at` is set, so a repeated trigger or a re-queued row never sends a
second copy. A beat task re-queues rows the broker never received.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.jobs import publish, publishing_is_deferred
from core.mail import backoff_seconds, email_html_inline, smtp_error_is_permanent
from core.request_id import publishing_for, request_id_to_keep

from .models import (
    CompletionOutcome,
    CustomerEmail,
    CustomerEmailKind,
    EventKind,
    Pqr,
    PqrMessage,
    Status,
)
from .notification_status import (
    email_prepare,
    email_sent,
    notification_mark_failed,
    notify_email_failed,
)
from .reply_address import reply_address

# Retries wait 30 s, 60 s, 120 s ... up to an hour between attempts (core.mail), for
# settings.EMAIL_GIVE_UP_AFTER (3 days by default); the row holds the schedule
# (`next_attempt_at`) and beat queues what is due: no broker countdown outlives a
# worker or the visibility timeout.
# A task that found its row not yet visible (or a worker that died) tries again soon.
NOT_YET_VISIBLE_RETRY_SECONDS = 5


def requeue_after() -> timedelta:
    """An unsent row older than this with no attempt scheduled was never queued."""
    return settings.OUTBOX_REQUEUE_AFTER


def give_up_after() -> timedelta:
    return settings.EMAIL_GIVE_UP_AFTER


# Kinds that may happen more than once on the same PQR (a second transfer after a
# reopening, a second completion request); their key carries the causing event.
REPEATABLE_KINDS = (
    CustomerEmailKind.COMPLETION_REQUEST,
    CustomerEmailKind.TRANSFER,
    CustomerEmailKind.REJECTION,
    CustomerEmailKind.DESISTIMIENTO,
    CustomerEmailKind.DUE_DATE_MOVED,
    CustomerEmailKind.RECURSO_DECISION,
    CustomerEmailKind.TERM_RESUMED,
)


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
    """Write the outbox row now (inside the caller's transaction) and send after commit
    (or, when publishing is deferred, when the outbox relay publishes it)."""
    if email_recipient(pqr=pqr) is None:
        return None
    email = CustomerEmail(
        dedupe_key=_dedupe_key(kind, pqr, message), pqr=pqr, kind=kind, message=message
    )
    relayed = publishing_is_deferred()
    if relayed:
        # Due at once: the outbox relay (core.relay) publishes it, not this request.
        email.next_attempt_at = timezone.now()
        email.request_id = request_id_to_keep()
    email.pk = _insert_unless_present(email)
    if email.pk is None:  # the same email was queued before: that row, sent once
        return CustomerEmail.objects.get(dedupe_key=email.dedupe_key)
    email._state.adding = False
    if not relayed:
        email_id = email.pk
        transaction.on_commit(lambda: _enqueue(email_id))
    return email


def _insert_unless_present(email: CustomerEmail) -> int | None:
    """One `INSERT ... ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`: the id of
    the new row, None when the key was taken. `get_or_create` took a SELECT and a
    savepoint around the INSERT: four statements (issue 18)."""
    meta = CustomerEmail._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(email, True), connection) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Names come from the model, every value is bound.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({quote(meta.get_field('dedupe_key').column)}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    return row[0] if row else None


def _enqueue(email_id: int) -> bool:
    # With the broker down the row stays unsent and the beat task queues it later.
    return publish("pqr.tasks.send_customer_email", email_id)


@transaction.atomic
def customer_email_send(*, email_id: int) -> bool:
    """Send one outbox row once; False when it was already sent (or has no recipient)."""
    email = (
        CustomerEmail.objects.select_for_update(of=("self",))
        .select_related("pqr__customer", "pqr__pqr_type", "message")
        .filter(pk=email_id)
        .first()
    )
    if email is None or email.sent_at is not None or email.handled_at is not None:
        return False
    to = email_recipient(pqr=email.pqr)
    now = timezone.now()
    if to is None:
        email.last_error = "no recipient"
        email.last_attempt_at = now
        email.failed_at = now
        email.next_attempt_at = None
        email.save(update_fields=["last_error", "last_attempt_at", "failed_at", "next_attempt_at"])
        customer_email_give_up(email=email, reason="no recipient")
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
    email.next_attempt_at = None
    email.save(
        update_fields=["sent_at", "last_attempt_at", "attempts", "last_error", "next_attempt_at"]
    )
    email_sent(email=email)  # its notification records: sent, with the Message-ID
    return True


def customer_email_failed(*, email_id: int, error: BaseException, now=None) -> CustomerEmail | None:
    """Record a failed attempt (outside the rolled-back send) and schedule the next one.

    Any error counts (SMTP, a template or database error, a time limit), so a poison
    row is tried at most once per backoff step and then given up. A permanent refusal
    (5xx) or the end of the retry window marks the row failed: staff see it on the
    failed-emails page and the supervisor is alerted.
    """
    now = now or timezone.now()
    reason = f"{type(error).__name__}: {error}"[:1000]
    with transaction.atomic():
        email = CustomerEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.sent_at is not None or email.failed_at is not None:
            return email
        email.attempts += 1
        email.last_attempt_at = now
        email.last_error = reason
        email.next_attempt_at = now + timedelta(seconds=backoff_seconds(email.attempts))
        window_start = email.retry_since or email.created_at
        give_up = smtp_error_is_permanent(error) or now - window_start >= give_up_after()
        if give_up:
            email.failed_at = now
            email.next_attempt_at = None
        email.save(
            update_fields=[
                "attempts",
                "last_attempt_at",
                "last_error",
                "next_attempt_at",
                "failed_at",
            ]
        )
        if give_up:
            customer_email_give_up(email=email, reason=reason)
    return email


def customer_email_give_up(*, email: CustomerEmail, reason: str) -> None:
    """The email will not be retried any more: its notifications turn failed (the agent
    and the team's supervisors get an alert), and the listeners alert a supervisor."""
    marked = notification_mark_failed(customer_email_id=email.pk, reason=reason)
    notify_email_failed(email=email, notified=bool(marked))


def customer_emails_due(*, now) -> Q:
    never_queued = Q(next_attempt_at__isnull=True, created_at__lt=now - requeue_after())
    return never_queued | Q(next_attempt_at__lte=now)


def customer_emails_requeue(*, now=None) -> int:
    """Queue the rows that are due: never queued (broker down at commit time, a task
    lost) or due a retry. Each queued row is stamped first (next try in
    `requeue_after`), so a backlog is not queued again at every poll and a worker
    never sees a row whose stamp is still to come. Returns how many were queued."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            CustomerEmail.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, failed_at__isnull=True, handled_at__isnull=True)
            .filter(customer_emails_due(now=now))
            .order_by("created_at")
            .values_list("id", "request_id")[:500]
        )
        ids = [email_id for email_id, _request_id in rows]
        CustomerEmail.objects.filter(pk__in=ids).update(next_attempt_at=now + requeue_after())
    queued = 0
    for email_id, request_id in rows:
        with publishing_for(request_id):
            published = _enqueue(email_id)
        if not published:
            # Broker unreachable: due again at the next poll.
            CustomerEmail.objects.filter(pk__in=ids, sent_at__isnull=True).update(
                next_attempt_at=now
            )
            break
        queued += 1
    return queued


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


def _desistimiento(pqr: Pqr) -> dict:
    """The reasoned decision: tacit (art. 17: what was asked, the customer's deadline)
    or express (the customer withdrew, art. 18), with the written reasons."""
    note = _status_note(pqr, Status.DESISTIDO)
    tacit = note.startswith("[tacito]")
    for tag in ("[tacito]", "[expreso]"):
        if note.startswith(tag):
            note = note[len(tag) :].strip()
    request = (
        pqr.completion_requests.filter(outcome=CompletionOutcome.TACIT).first() if tacit else None
    )
    return {"reason": note, "tacit": tacit, "completion": request}


def _extension(pqr: Pqr) -> dict:
    """On a suspended PQR the new date is known only when the term runs again (the
    term_resumed email gives it then); meanwhile the email states the days added."""
    clock = getattr(pqr, "clock", None)
    return {
        "extension_reason": getattr(clock, "extension_reason", ""),
        "extension_days": getattr(clock, "extension_days", None),
        "paused": bool(getattr(clock, "suspended_at", None)),
        "legal_due_at": pqr.legal_due_at,
    }


def _term_resumed(pqr: Pqr) -> dict:
    arrived = pqr.completion_requests.filter(outcome=CompletionOutcome.ARRIVED)
    clock = getattr(pqr, "clock", None)
    return {
        "completion": arrived.order_by("-id").first(),
        "legal_due_at": pqr.legal_due_at,
        "extended": bool(getattr(clock, "extension_used", False)),
    }


# Kinds that carry a decision, and with it what the customer is told about recursos.
RECURSOS_KINDS = (
    CustomerEmailKind.ANSWER,
    CustomerEmailKind.REJECTION,
    CustomerEmailKind.DESISTIMIENTO,
    CustomerEmailKind.RECURSO_DECISION,
)


def _recursos(email: CustomerEmail) -> str:
    """The text stored on the decision's notification record (pqr.services.recursos);
    left out when the answer's own text already states it."""
    text = email.notifications.order_by("-id").values_list("recursos", flat=True).first() or ""
    if text and email.message is not None and text in email.message.body:
        return ""
    return text


def _context(email: CustomerEmail) -> dict:
    pqr = email.pqr
    context = {
        "pqr": pqr,
        "name": pqr.customer.full_name if pqr.customer_id else "",
        "lookup_url": lookup_url(),
        "message": email.message,
        # A mailbox reads replies: the footer invites them instead of "do not reply".
        "reply_by_email": reply_address(pqr) is not None,
    }
    if email.kind == CustomerEmailKind.ANSWER and email.message is not None:
        context["attachments"] = list(email.message.attachments.all())
    if email.kind == CustomerEmailKind.COMPLETION_REQUEST:
        context["missing"] = _completion_note(pqr)
        context["completion_due_on"] = pqr.completion_due_on
        context["suspends"] = pqr.term_suspended
        context["extended"] = pqr.completion_requests.filter(
            outcome=CompletionOutcome.PENDING, extended_at__isnull=False
        ).exists()
    if email.kind == CustomerEmailKind.EXTENSION:
        context |= _extension(pqr)
    if email.kind == CustomerEmailKind.TERM_RESUMED:
        context |= _term_resumed(pqr)
    if email.kind == CustomerEmailKind.DESISTIMIENTO:
        context |= _desistimiento(pqr)
    if email.kind in RECURSOS_KINDS:
        context["recursos"] = _recursos(email)
    if email.kind == CustomerEmailKind.RECURSO_DECISION:
        decided = pqr.recursos.exclude(decided_on=None)
        context["recurso"] = decided.order_by("-decided_on", "-id").first()
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
        CustomerEmailKind.DUE_DATE_MOVED: "Nueva fecha máxima de respuesta de {radicado}",
        CustomerEmailKind.RECURSO_DECISION: "Decisión sobre su recurso, solicitud {radicado}",
        CustomerEmailKind.TERM_RESUMED: "Recibimos su información sobre {radicado}",
    },
    "en": {
        CustomerEmailKind.ACKNOWLEDGEMENT: "We received your request: reference {radicado}",
        CustomerEmailKind.ANSWER: "Answer to your request {radicado}",
        CustomerEmailKind.COMPLETION_REQUEST: "We need more information about {radicado}",
        CustomerEmailKind.TRANSFER: "Your request {radicado} was transferred",
        CustomerEmailKind.EXTENSION: "We extended the time to answer {radicado}",
        CustomerEmailKind.REJECTION: "Decision on your request {radicado}",
        CustomerEmailKind.DESISTIMIENTO: "Your request {radicado} was closed as withdrawn",
        CustomerEmailKind.DUE_DATE_MOVED: "New latest answer date for {radicado}",
        CustomerEmailKind.RECURSO_DECISION: "Decision on your appeal, request {radicado}",
        CustomerEmailKind.TERM_RESUMED: "We received your information about {radicado}",
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
    return subject, text, email_html_inline(html)
