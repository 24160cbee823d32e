"""Attachment checks shared by the staff intake, messages and the public form.

The type is decided by the file's first bytes (and, for Office files, by the zip's
table of contents), never by the name or the browser's Content-Type header. The stored
name then gets the extension of that type (`carta.bat` holding text is refused; a PDF
called `scan.bin` is kept as `scan.pdf`), so the name staff download matches what the
file is. Refused outright: names with an active extension (web pages, SVG, scripts,
executables, macro-enabled Office), text holding markup (an HTML page renamed .txt),
and Office zips with macros (`vbaProject.bin`), parts that are not Office parts, or
more than `PQR_OFFICE_MAX_UNCOMPRESSED_BYTES` once unpacked (a zip bomb).
"""

import io
import re
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

# The extension each allowed type is stored and downloaded with, and the other
# spellings of it that keep the customer's name as typed.
EXTENSIONS = {
    "application/pdf": ("pdf",),
    "image/png": ("png",),
    "image/jpeg": ("jpg", "jpeg", "jpe"),
    "text/plain": ("txt", "text", "log", "csv"),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
}
# Names refused whatever the bytes look like: a browser, Windows or Office would run them.
_ACTIVE = """
html htm xhtml shtml mht mhtml svg svgz xml xsl js mjs vbs vbe wsf wsh hta ps1 psm1
bat cmd com exe dll msi msp scr pif cpl jar sh php phtml asp aspx jsp py pl rb lnk
reg inf url docm dotm xlsm xltm xlam xlsb pptm potm ppsm ppam sldm
"""
ACTIVE_EXTENSIONS = frozenset(_ACTIVE.split())
# Text that a browser would render as a page or image if it ever got the chance.
_MARKUP = re.compile(
    rb"<\s*(!doctype|html|head|body|script|iframe|svg|object|embed|meta|\?xml|a\s|img\s)",
    re.IGNORECASE,
)
DEFAULT_OFFICE_MAX_UNCOMPRESSED = 50 * 1024 * 1024
# The parts a Word or Excel file is made of (ECMA-376 packaging); anything else inside
# the zip (an .exe, a script, another archive) is not an Office document.
_OFFICE_PART = re.compile(
    r"^(?:\[Content_Types\]\.xml|_rels/\.rels|docProps/[\w\-\.]+"
    r"|customXml/(?:_rels/)?[\w\-\.]+\.(?:xml|rels)"
    r"|(?:word|xl)/(?:[\w\-]+/)*(?:_rels/)?[\w\-\.\[\]]+"
    r"\.(?:xml|rels|png|jpe?g|gif|emf|wmf|bmp|tiff?|svg|odttf)"
    r"|xl/printerSettings/printerSettings\d+\.bin)$"
)
_MACRO_PART = re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    filename: str


def max_bytes() -> int:
    return int(getattr(settings, "PQR_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def office_max_uncompressed() -> int:
    return int(
        getattr(settings, "PQR_OFFICE_MAX_UNCOMPRESSED_BYTES", DEFAULT_OFFICE_MAX_UNCOMPRESSED)
    )


class RefusedOffice(Exception):
    """An Office zip that is not safe to keep; the message says why (Spanish)."""


def _office_kind(upload) -> str | None:
    """DOCX or XLSX when the zip is a plain Office document; None when it is no Office
    file at all; RefusedOffice when it is one we will not keep."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            content_types = b""
            if "[Content_Types].xml" in archive.namelist():
                # Read a bounded prefix: the part itself could be the bomb.
                with archive.open("[Content_Types].xml") as part:
                    content_types = part.read(200_000)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    names = [info.filename for info in infos]
    if "[Content_Types].xml" not in names:
        return None
    if any(_MACRO_PART.search(name) for name in names) or b"macroEnabled" in content_types:
        raise RefusedOffice(_("contiene macros"))
    if sum(info.file_size for info in infos) > office_max_uncompressed():
        raise RefusedOffice(
            _("descomprimido pasaría de %(max)s")
            % {"max": filesizeformat(office_max_uncompressed())}
        )
    strangers = [name for name in names if not name.endswith("/") and not _OFFICE_PART.match(name)]
    if strangers:
        raise RefusedOffice(
            _("trae archivos que no son de Office (%(name)s)") % {"name": strangers[0][:60]}
        )
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
    refused = _(
        "El archivo «%(name)s» no es de un tipo permitido. Se aceptan: %(types)s "
        "(se revisa el contenido, no solo la extensión)."
    ) % {"name": name, "types": ALLOWED_DESCRIPTION}
    _stem, dot, extension = name.rpartition(".")
    extension = extension.lower() if dot else ""
    if extension in ACTIVE_EXTENSIONS:
        raise ValidationError(refused)
    try:
        content_type = sniff_content_type(upload)
    except RefusedOffice as exc:
        raise ValidationError(
            _(
                "El archivo «%(name)s» no se acepta: %(reason)s. "
                "Guárdelo como DOCX o XLSX sin macros."
            )
            % {"name": name, "reason": exc}
        ) from exc
    if content_type is None or (content_type == "text/plain" and _has_markup(upload)):
        raise ValidationError(refused)
    return CheckedFile(content_type=content_type, size=size, filename=_named_as(name, content_type))


def _has_markup(upload) -> bool:
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    return bool(_MARKUP.search(head))


def _named_as(name: str, content_type: str) -> str:
    """The customer's name with the extension of what the file really is."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        stem = name
    elif extension.lower() in EXTENSIONS[content_type]:
        return name
    return f"{stem[:240]}.{EXTENSIONS[content_type][0]}"


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
