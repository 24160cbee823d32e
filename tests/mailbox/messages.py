"""Raw messages as a customer's mail program (or a mail server) would send them."""

import base64
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def customer_mail(
    *,
    sender: str = "Ana Cliente <ana@cliente.test>",
    to: str = "pqr@oficina.test",
    subject: str = "Cobro duplicado en la factura de octubre",
    body: str = "Me cobraron dos veces la factura de octubre. Adjunto la factura.",
    html: str | None = None,
    files: tuple[tuple[str, bytes, str], ...] = (),
    headers: dict | None = None,
    message_id: str | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    msg["Message-ID"] = message_id or make_msgid(domain="cliente.test")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    for filename, payload, ctype in files:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def bounce_of(message_id: str, *, to: str = "pqr@oficina.test") -> bytes:
    """A DSN (RFC 3464) as Postfix writes it: multipart/report with the original headers."""
    boundary = "DSN-boundary-1"
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.cliente.test>\r\n"
        f"To: {to}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "Message-ID: <dsn-1@mx.cliente.test>\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n'
        "\r\n"
        f"--{boundary}\r\n"
        "Content-Type: text/plain\r\n\r\n"
        "I'm sorry to have to inform you that your message could not be delivered.\r\n"
        f"--{boundary}\r\n"
        "Content-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.cliente.test\r\n\r\n"
        "Final-Recipient: rfc822; ana@cliente.test\r\n"
        "Action: failed\r\n"
        "Status: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <ana@cliente.test>: Recipient address rejected\r\n"
        f"--{boundary}\r\n"
        "Content-Type: text/rfc822-headers\r\n\r\n"
        "From: PQR Desk <no-reply@pqrdesk.local>\r\n"
        "To: ana@cliente.test\r\n"
        f"Message-ID: {message_id}\r\n"
        "Subject: Respuesta a su solicitud\r\n"
        f"--{boundary}--\r\n"
    ).encode()


def big_mail(megabytes: int) -> bytes:
    """A message of about `megabytes` MB (one large attachment, base64)."""
    payload = b"%PDF-1.4\n" + b"0" * (megabytes * 1024 * 1024 * 3 // 4)
    encoded = base64.encodebytes(payload).replace(b"\n", b"\r\n")
    return (
        b"From: Ana Cliente <ana@cliente.test>\r\n"
        b"To: pqr@oficina.test\r\n"
        b"Subject: Planos escaneados\r\n"
        b"Message-ID: <grande-1@cliente.test>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain\r\n\r\nAdjunto los planos.\r\n"
        b"--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="planos.pdf"\r\n\r\n'
        + encoded
        + b"\r\n--b1--\r\n"
    )
