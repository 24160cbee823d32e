"""Mailbox intake: read a mailbox, keep every message as a row first, then turn each
into a new PQR, a customer reply on an existing one, a bounce, an ignored auto-reply
or a message kept for staff with the reason.

Exactly once, whatever repeats: the row is unique by (mailbox, UIDVALIDITY, UID) and
by (mailbox, Message-ID); processing locks the row (`skip_locked`, so two workers
split the work) and writes the outcome in the PQR's own transaction; the message is
moved out of the inbox only after that commit, and a poll that finds it still there
(crash before the move) just moves it.
"""

import logging
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer
from pqr.attachments import MAX_FILES, validate_attachment
from pqr.events import pqr_event_record
from pqr.models import Channel, CustomerEmail, EventKind, MessageSource, Pqr, PqrType
from pqr.notification_status import notification_mark_failed, notify_email_failed
from pqr.services import pqr_attachment_refused_record, pqr_create, pqr_customer_message_add

from . import imap, parsing
from .crypto import password_encrypt
from .models import DONE_STATUSES, InboundEmail, InboundStatus, Mailbox
from .threads import OUR_EMAIL_ID_RE, is_contact, own_addresses, thread_match

logger = logging.getLogger(__name__)
S = InboundStatus
# A row whose processing raised is tried this many times, then kept for staff.
MAX_ATTEMPTS = 3


# --- configuration (addresses and threading: threads.py) ----------------------------


@transaction.atomic
def mailbox_save(*, mailbox: Mailbox, password: str | None = None) -> Mailbox:
    """Save the mailbox; a new password (never shown back) replaces the stored one."""
    if password:
        mailbox.password_encrypted = password_encrypt(password)
    mailbox.full_clean(exclude=["password_encrypted"])
    mailbox.save()
    return mailbox


# --- storing what the server has ---------------------------------------------------


def _headers(raw: bytes) -> tuple[str, str, str]:
    """(Message-ID, sender address, subject) from the header block, tolerantly."""
    try:
        head = BytesHeaderParser(policy=default_policy).parsebytes(raw)
        message_id = (parsing.MSGID_RE.findall(str(head.get("Message-ID", ""))) or [""])[0]
        sender = parseaddr(str(head.get("From", "")))[1].lower()
        subject = " ".join(str(head.get("Subject", "")).split())
    except Exception:  # unreadable headers: the processing step says why
        return "", "", ""
    return message_id[:998], sender[:320], subject[:255]


def inbound_store(
    *, mailbox: Mailbox, uidvalidity: int, fetched: imap.Fetched
) -> InboundEmail | None:
    """Write the row for one fetched message; None when another poll already has it.
    A second copy of a Message-ID already stored is kept as a duplicate (no PQR)."""
    message_id, sender, subject = _headers(fetched.raw)
    fields = {
        "mailbox": mailbox,
        "uidvalidity": uidvalidity,
        "uid": fetched.uid,
        "raw": fetched.raw,
        "size": fetched.size,
        "sender": sender,
        "subject": subject,
        "arrived_at": fetched.arrived_at,
    }
    try:
        with transaction.atomic():
            return InboundEmail.objects.create(message_id=message_id, **fields)
    except IntegrityError:
        pass
    if InboundEmail.objects.filter(
        mailbox=mailbox, uidvalidity=uidvalidity, uid=fetched.uid
    ).exists():
        return None  # the same UID: another worker (or an earlier poll) stored it
    first = InboundEmail.objects.filter(mailbox=mailbox, message_id=message_id).first()
    try:
        with transaction.atomic():
            return InboundEmail.objects.create(
                **fields,
                message_id="",
                status=S.DUPLICATE,
                reason=_(
                    "Mismo Message-ID que el correo recibido n.º %(id)s: no se procesa de nuevo."
                )
                % {"id": first.pk if first else "?"},
                pqr=first.pqr if first else None,
                processed_at=timezone.now(),
            )
    except IntegrityError:
        return None


# --- processing one row ---------------------------------------------------------------


def _finish(
    row: InboundEmail, status: str, reason: str = "", pqr=None, message=None
) -> InboundEmail:
    row.status = status
    row.reason = reason
    row.pqr = pqr
    row.pqr_message = message
    row.processed_at = timezone.now()
    row.save(
        update_fields=[
            "status",
            "reason",
            "pqr",
            "pqr_message",
            "processed_at",
            "attempts",
            "refused_attachments",
        ]
    )
    return row


def _quarantine(row: InboundEmail, reason: str) -> InboundEmail:
    return _finish(row, S.QUARANTINED, reason)


def _checked_files(parsed: parsing.Parsed) -> tuple[list, list[tuple[str, str]]]:
    """Uploads that pass the web form's checks, and (filename, reason) for the rest."""
    accepted, refused = [], []
    for attachment in parsed.attachments:
        upload = SimpleUploadedFile(attachment.filename, attachment.payload)
        if len(accepted) >= MAX_FILES:
            refused.append(
                (
                    attachment.filename,
                    _("Se aceptan como máximo %(n)s archivos; el correo original se guarda.")
                    % {"n": MAX_FILES},
                )
            )
            continue
        try:
            validate_attachment(upload)
        except ValidationError as exc:
            refused.append((attachment.filename, " ".join(exc.messages)))
        else:
            accepted.append(upload)
    # The HTML body is not attached: web pages are refused uploads (they could run in a
    # browser); it stays in the original .eml, downloadable from the PQR's history.
    return accepted, refused


def _customer_for(sender: str) -> Customer | None:
    matches = list(Customer.objects.filter(email__iexact=sender, is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None


def _default_type() -> PqrType:
    return (
        PqrType.objects.filter(code="peticion", is_active=True).first()
        or PqrType.objects.filter(is_active=True).order_by("order", "id").first()
    )


def _new_pqr(row: InboundEmail, parsed: parsing.Parsed, accepted, refused) -> Pqr:
    customer = _customer_for(parsed.sender)
    pqr = pqr_create(
        actor=None,
        pqr_type=_default_type(),
        channel=Channel.EMAIL,
        subject=(parsed.subject or _("(sin asunto)"))[:200],
        description=parsed.text or _("(correo sin texto; vea los adjuntos)"),
        team=row.mailbox.team,
        customer=customer,
        contact_email=parsed.sender,
        # The petition came from this address: answering it there is what it asks
        # for (Ley 1755 art. 16). No consent record is created (docs/decisions.md).
        contact_consent_at=None if customer else row.arrived_at,
        received_at=min(row.arrived_at, timezone.now()),
        attachments=accepted,
    )
    for filename, reason in refused:
        pqr_attachment_refused_record(pqr=pqr, filename=filename, reason=reason)
    if customer is None:
        pqr_event_record(
            pqr=pqr,
            actor=None,
            kind=EventKind.FIELD,
            field="customer",
            note=_(
                "Llegó por correo de una dirección sin perfil de cliente (o de varios): "
                "autorización de datos no registrada. Identifique al ciudadano."
            ),
        )
    return pqr


def _bounce(row: InboundEmail, parsed: parsing.Parsed) -> InboundEmail:
    reason = _("Rebote: %(reason)s") % {"reason": parsed.bounce_reason}
    failed = []
    for message_id in parsed.bounced_ids:
        failed += notification_mark_failed(message_id=message_id, reason=reason)
    pqr = failed[0].pqr if failed else None
    if not failed:
        # An email with no notification record (an acknowledgement): its PQR's
        # supervisors hear that it did not arrive.
        for message_id in parsed.bounced_ids:
            match = OUR_EMAIL_ID_RE.fullmatch(message_id)
            email = (
                CustomerEmail.objects.select_related("pqr").filter(pk=match[1]).first()
                if match
                else None
            )
            if email is not None and f"{email.created_at:%Y%m%d%H%M%S}" == match[2]:
                pqr = email.pqr
                pqr_event_record(
                    pqr=pqr, actor=None, kind=EventKind.NOTIFICATION, field="email", note=reason
                )
                notify_email_failed(email=email, notified=False)
                break
    return _finish(row, S.BOUNCE, reason, pqr=pqr)


def _process(row: InboundEmail) -> InboundEmail:
    limit = settings.MAILBOX_MAX_MESSAGE_BYTES
    if row.size > limit:
        return _quarantine(
            row,
            _(
                "El mensaje pesa %(size)s; el máximo que se convierte en PQR es %(max)s. "
                "Se guardó completo (.eml) para que el personal lo radique."
            )
            % {"size": filesizeformat(row.size), "max": filesizeformat(limit)},
        )
    try:
        parsed = parsing.parse(bytes(row.raw), own_addresses=own_addresses())
    except parsing.Malformed as exc:
        return _quarantine(row, _("Mensaje mal formado: %(reason)s") % {"reason": exc})
    if parsed.bounce:
        return _bounce(row, parsed)
    if parsed.auto_reason:
        return _finish(row, S.AUTO_REPLY, parsed.auto_reason)
    pqr, how = thread_match(mailbox=row.mailbox, parsed=parsed)
    accepted, refused = _checked_files(parsed)
    row.refused_attachments = [{"filename": f, "reason": r} for f, r in refused]
    if pqr is not None:
        message = pqr_customer_message_add(
            pqr=pqr,
            body=parsed.text,
            source=MessageSource.EMAIL,
            sender_email=parsed.sender,
            sender_mismatch=not is_contact(pqr, parsed.sender),
            attachments=accepted,
            refused=refused,
            arrived_at=row.arrived_at,
        )
        return _finish(row, S.REPLY, how, pqr=pqr, message=message)
    pqr = _new_pqr(row, parsed, accepted, refused)
    return _finish(row, S.NEW_PQR, "", pqr=pqr)


def inbound_process(*, inbound_id: int) -> InboundEmail | None:
    """Process one pending row once; None when it is done or another worker has it."""
    try:
        with transaction.atomic():
            row = (
                InboundEmail.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("mailbox__team")
                .filter(pk=inbound_id, status=S.PENDING)
                .first()
            )
            if row is None:
                return None
            row.attempts += 1
            return _process(row)
    except Exception as exc:
        logger.exception("inbound email %s could not be processed", inbound_id)
        return _attempt_failed(inbound_id, exc)


def _attempt_failed(inbound_id: int, exc: Exception) -> InboundEmail | None:
    """The processing rolled back: count the attempt; after the last, keep it for staff."""
    with transaction.atomic():
        row = InboundEmail.objects.select_for_update().filter(pk=inbound_id).first()
        if row is None or row.status != S.PENDING:
            return row
        row.attempts += 1
        row.reason = f"{type(exc).__name__}: {exc}"[:1000]
        fields = ["attempts", "reason"]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = S.QUARANTINED
            row.reason = _("No se pudo procesar tras %(n)s intentos: %(error)s") % {
                "n": row.attempts,
                "error": row.reason,
            }
            row.processed_at = timezone.now()
            fields += ["status", "processed_at"]
        row.save(update_fields=fields)
        return row


@transaction.atomic
def inbound_retry(*, inbound: InboundEmail) -> InboundEmail:
    """Staff: process a kept message again (e.g. after raising a limit)."""
    row = InboundEmail.objects.select_for_update().get(pk=inbound.pk)
    if row.status != S.QUARANTINED:
        raise ValidationError(_("Solo se reprocesan los correos guardados para revisión."))
    row.status = S.PENDING
    row.attempts = 0
    row.reason = ""
    row.save(update_fields=["status", "attempts", "reason"])
    return row


# --- one poll -------------------------------------------------------------------------


@dataclass
class PollResult:
    fetched: int = 0
    stored: int = 0
    processed: int = 0
    moved: int = 0
    more: bool = False


def inbound_process_pending(*, mailbox: Mailbox) -> int:
    ids = list(
        InboundEmail.objects.filter(mailbox=mailbox, status=S.PENDING)
        .order_by("id")
        .values_list("id", flat=True)
    )
    return sum(1 for inbound_id in ids if inbound_process(inbound_id=inbound_id) is not None)


def _move_done(box, mailbox: Mailbox, uidvalidity: int, present: set[int]) -> int:
    """Move what has an outcome out of the inbox: processed, or kept for review."""
    rows = InboundEmail.objects.filter(
        mailbox=mailbox, uidvalidity=uidvalidity, uid__in=present
    ).exclude(status=S.PENDING)
    done = list(rows.values_list("id", "uid", "status"))
    moved = 0
    for folder, statuses in (
        (mailbox.processed_folder, DONE_STATUSES),
        (mailbox.failed_folder, (S.QUARANTINED,)),
    ):
        chosen = [(pk, uid) for pk, uid, status in done if status in statuses]
        for start in range(0, len(chosen), 500):
            chunk = chosen[start : start + 500]
            imap.move(box, [uid for _pk, uid in chunk], folder)
            InboundEmail.objects.filter(pk__in=[pk for pk, _uid in chunk]).update(
                moved_at=timezone.now()
            )
            moved += len(chunk)
    return moved


def mailbox_poll(*, mailbox_id: int, limit: int | None = None) -> PollResult:
    """Read one mailbox: store the new messages, process the pending rows, move the
    done ones. `limit` caps the new messages fetched in this run (`more` says so)."""
    mailbox = Mailbox.objects.select_related("team").get(pk=mailbox_id)
    result = PollResult()
    try:
        with imap.connect(mailbox) as box:
            uidvalidity = imap.uidvalidity(box, mailbox.folder)
            present = imap.uids(box)
            known = set(
                InboundEmail.objects.filter(
                    mailbox=mailbox, uidvalidity=uidvalidity, uid__in=present
                ).values_list("uid", flat=True)
            )
            new = [uid for uid in present if uid not in known]
            if limit is not None and len(new) > limit:
                new, result.more = new[:limit], True
            for fetched in imap.fetch(box, new):
                result.fetched += 1
                if inbound_store(mailbox=mailbox, uidvalidity=uidvalidity, fetched=fetched):
                    result.stored += 1
            result.processed = inbound_process_pending(mailbox=mailbox)
            result.moved = _move_done(box, mailbox, uidvalidity, set(present))
    except Exception as exc:
        Mailbox.objects.filter(pk=mailbox.pk).update(
            last_error=f"{type(exc).__name__}: {exc}"[:1000], last_error_at=timezone.now()
        )
        raise
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error="")
    return result
