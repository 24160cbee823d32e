"""Attachment checks shared by the staff intake, messages and the public form.

The type is decided by the file's first bytes (and, for Office files, by the zip's
table of contents), never by the name or the browser's Content-Type header.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
SNIFF_BYTES = 4096

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ALLOWED_DESCRIPTION = "PDF, PNG, JPG, TXT, DOCX, XLSX"


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    filename: str


def max_bytes() -> int:
    return int(getattr(settings, "PQR_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _office_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            # A multi-byte character cut at the sniff boundary is still text.
            if encoding == "utf-8":
                try:
                    text = head[:-3].decode(encoding)
                except UnicodeDecodeError:
                    continue
            else:
                continue
        printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in text)
        return printable >= 0.95 * max(len(text), 1)
    return False


def sniff_content_type(upload) -> str | None:
    """The MIME type the bytes say, or None when they are not an allowed kind."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    if _looks_like_text(head):
        return "text/plain"
    return None


def validate_attachment(upload) -> CheckedFile:
    """Raise ValidationError (Spanish) unless the upload is allowed; else describe it."""
    size = upload.size
    name = (getattr(upload, "name", "") or "archivo").rsplit("/", 1)[-1][:255]
    if size == 0:
        raise ValidationError(_("El archivo «%(name)s» está vacío.") % {"name": name})
    if size > max_bytes():
        raise ValidationError(
            _("El archivo «%(name)s» pesa %(size)s; el máximo permitido es %(max)s.")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(max_bytes())}
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _(
                "El archivo «%(name)s» no es de un tipo permitido. Se aceptan: %(types)s "
                "(se revisa el contenido, no solo la extensión)."
            )
            % {"name": name, "types": ALLOWED_DESCRIPTION}
        )
    return CheckedFile(content_type=content_type, size=size, filename=name)


def validate_attachments(uploads) -> list[CheckedFile]:
    """Validate a list of uploads, collecting every error (for a form's clean())."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        raise ValidationError(_("Puede adjuntar como máximo %(n)s archivos.") % {"n": MAX_FILES})
    errors, checked = [], []
    for upload in uploads:
        try:
            checked.append(validate_attachment(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def fake_upload(content: bytes, name: str = "archivo.bin"):
    """A SimpleUploadedFile for tests and the demo."""
    return SimpleUploadedFile(name, content)


def minimal_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()
