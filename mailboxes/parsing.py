"""Reading one raw message: sender, subject, text, attachments, threading headers,
and whether it is an auto-reply or a bounce. Malformed input raises `Malformed` with
the reason staff will read; nothing here touches the database."""

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from django.utils.translation import gettext as _

from .htmltext import html_to_text

MSGID_RE = re.compile(r"<[^<>\s]+@[^<>\s]+>")
# Our own outgoing Message-IDs (core.mail.stable_message_id), quoted by bounces.
OUR_MSGID_RE = re.compile(r"<pqr-[a-z]+-\d+(?:-\d+)?@[^<>\s]+>")
BOUNCE_SENDERS = ("mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon")
AUTO_PRECEDENCE = ("bulk", "junk", "list", "auto_reply", "auto-reply")
AUTO_HEADERS = ("x-autoreply", "x-autorespond", "x-auto-response")


class Malformed(Exception):
    """The bytes are not a message we can read; the text says why (Spanish)."""


@dataclass
class Attachment:
    filename: str
    content_type: str
    payload: bytes


@dataclass
class Parsed:
    message_id: str
    sender: str
    sender_name: str
    subject: str
    text: str
    html: str
    attachments: list[Attachment] = field(default_factory=list)
    # In-Reply-To and References, in order.
    thread_ids: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    bounce: bool = False
    bounce_reason: str = ""
    bounced_ids: list[str] = field(default_factory=list)
    auto_reason: str = ""


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # a header the policy cannot parse: fall back to the raw value
        value = msg.get_all(name, [""])[0] if msg.keys() else ""
    return str(value or "").strip()


def _msgids(value: str) -> list[str]:
    return MSGID_RE.findall(value or "")


def _decoded_text(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def _default_name(part, index: int) -> str:
    subtype = part.get_content_subtype() or "bin"
    if part.get_content_type() == "message/rfc822":
        return f"mensaje-adjunto-{index}.eml"
    return f"adjunto-{index}.{subtype[:10]}"


def _payload(part) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner:
            return inner[0].as_bytes(policy=email.policy.SMTP)
    return part.get_payload(decode=True) or b""


def _attachments(msg: EmailMessage, body_parts: set[int]) -> list[Attachment]:
    found: list[Attachment] = []
    stack = [msg]
    while stack:
        part = stack.pop(0)
        ctype = part.get_content_type()
        if ctype == "message/rfc822" and part is not msg:
            found.append(
                Attachment(
                    part.get_filename() or _default_name(part, len(found) + 1),
                    ctype,
                    _payload(part),
                )
            )
            continue
        if part.is_multipart():
            stack[0:0] = list(part.iter_parts())
            continue
        if id(part) in body_parts:
            continue
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if part.get_content_maintype() == "text" and not filename and disposition != "attachment":
            continue  # another rendering of the body
        if ctype in ("message/delivery-status", "text/rfc822-headers"):
            continue
        found.append(
            Attachment(
                (filename or _default_name(part, len(found) + 1)).replace("/", "_")[-255:],
                ctype,
                _payload(part),
            )
        )
    return found


def _bounce(msg: EmailMessage, sender: str, raw: bytes) -> tuple[bool, str, list[str]]:
    ctype = msg.get_content_type()
    report = ctype == "multipart/report" and (msg.get_param("report-type", "") or "").lower() in (
        "delivery-status",
        "",
    )
    local = sender.partition("@")[0]
    if not report and local not in BOUNCE_SENDERS and sender:
        return False, "", []
    reason, ids = "", []
    for part in msg.walk():
        part_type = part.get_content_type()
        if part_type == "message/delivery-status":
            text = part.as_string()
            match = re.search(r"Diagnostic-Code:\s*(.+)", text) or re.search(
                r"Status:\s*(\S+)", text
            )
            if match and not reason:
                reason = match.group(1).strip()
        elif part_type in ("message/rfc822", "text/rfc822-headers"):
            if part_type == "message/rfc822":
                inner = part.get_payload()
                headers = inner[0] if isinstance(inner, list) and inner else None
                value = str(headers.get("Message-ID", "")) if headers is not None else ""
            else:
                value = _decoded_text(part)
                value = (re.search(r"Message-ID:\s*(<[^>]+>)", value, re.I) or [None, ""])[1]
            ids += _msgids(value)
    ids += _msgids(_header(msg, "In-Reply-To")) + _msgids(_header(msg, "References"))
    ids += OUR_MSGID_RE.findall(raw.decode("latin-1"))
    unique = list(dict.fromkeys(ids))
    return True, reason or _header(msg, "Subject") or _("Rebote sin motivo"), unique


def _auto_reason(msg: EmailMessage, sender: str, own: set[str]) -> str:
    auto = _header(msg, "Auto-Submitted").lower()
    if auto and auto != "no":
        return _("Respuesta automática (Auto-Submitted: %(value)s)") % {"value": auto[:40]}
    precedence = _header(msg, "Precedence").lower()
    if precedence in AUTO_PRECEDENCE:
        return _("Correo masivo o automático (Precedence: %(value)s)") % {"value": precedence}
    for name in AUTO_HEADERS:
        if _header(msg, name):
            return _("Respuesta automática (%(header)s)") % {"header": name}
    if sender in own:
        return _("Enviado por nosotros mismos (bucle de correo)")
    return ""


def parse(raw: bytes, *, own_addresses: set[str]) -> Parsed:
    """Read `raw`; `own_addresses` are ours (lower case): mail from them is a loop."""
    if not raw or not raw.strip():
        raise Malformed(_("El mensaje está vacío."))
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    except Exception as exc:
        raise Malformed(_("No se pudo leer el mensaje: %(error)s") % {"error": exc}) from exc
    if not msg.keys():
        raise Malformed(_("No es un mensaje de correo: no tiene cabeceras."))
    defects = [type(d).__name__ for d in msg.defects]
    if "MissingHeaderBodySeparatorDefect" in defects and not _header(msg, "From"):
        raise Malformed(_("No es un mensaje de correo: cabeceras dañadas."))
    name, address = parseaddr(_header(msg, "From"))
    sender = address.strip().lower()
    if "@" not in sender or " " in sender:
        raise Malformed(_("El mensaje no tiene un remitente válido (cabecera From)."))
    try:
        plain = msg.get_body(preferencelist=("plain",))
        html_part = msg.get_body(preferencelist=("html",))
        text = _decoded_text(plain) if plain is not None else ""
        html = _decoded_text(html_part) if html_part is not None else ""
        body_parts = {id(p) for p in (plain, html_part) if p is not None}
        if not text and html:
            text = html_to_text(html)
        bounce, bounce_reason, bounced = _bounce(msg, sender, raw)
        attachments = [] if bounce else _attachments(msg, body_parts)
    except Malformed:
        raise
    except Exception as exc:
        raise Malformed(
            _("La estructura MIME del mensaje está dañada: %(error)s") % {"error": exc}
        ) from exc
    if msg.is_multipart() and any(
        d in defects for d in ("StartBoundaryNotFoundDefect", "MultipartInvariantViolationDefect")
    ):
        raise Malformed(_("La estructura MIME del mensaje está dañada (límites de partes)."))
    recipients = [
        addr.lower()
        for _n, addr in getaddresses(
            [
                _header(msg, h)
                for h in ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")
                if _header(msg, h)
            ]
        )
        if addr
    ]
    return Parsed(
        message_id=(_msgids(_header(msg, "Message-ID")) or [""])[0],
        sender=sender,
        sender_name=name.strip(),
        subject=" ".join(_header(msg, "Subject").split()),
        text=text.strip(),
        html=html,
        attachments=attachments,
        thread_ids=_msgids(_header(msg, "In-Reply-To")) + _msgids(_header(msg, "References")),
        recipients=recipients,
        bounce=bounce,
        bounce_reason=bounce_reason[:500],
        bounced_ids=bounced,
        auto_reason="" if bounce else _auto_reason(msg, sender, own_addresses),
    )
