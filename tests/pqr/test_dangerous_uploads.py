"""Issue 11, finding 5: web pages, SVG, scripts, macro-enabled Office files and zips
dressed as DOCX are refused on every upload path; what is kept is stored and downloaded
under the extension of what it really is."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pqr.attachments import fake_upload, validate_attachment
from pqr.models import Pqr
from tests.pqr.factories import make_pqr
from tests.pqr.public_helpers import CREATE_URL, form_data
from tests.pqr.refused import back_on_the_pqr_page

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'
BAT = b"@echo off\r\ndel /s /q C:\\*\r\n"


def _zip(parts: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


WORD = {
    "[Content_Types].xml": b'<Types><Default Extension="xml" ContentType="text/xml"/></Types>',
    "_rels/.rels": b"<Relationships/>",
    "docProps/app.xml": b"<Properties/>",
    "word/document.xml": b"<w:document/>",
    "word/_rels/document.xml.rels": b"<Relationships/>",
    "word/media/image1.png": b"\x89PNG\r\n\x1a\n",
}
DOCM = _zip(
    {
        **WORD,
        "[Content_Types].xml": b"<Types><Override ContentType="
        b'"application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
        "word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro",
    }
)
DRESSED_ZIP = _zip({**WORD, "word/payload.exe": b"MZ\x90\x00", "run.bat": BAT})


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (HTML, "factura.html"),
        (HTML, "factura.txt"),  # a web page renamed as text
        (SVG, "logo.svg"),
        (SVG, "logo.png"),
        (BAT, "arreglo.bat"),
        (BAT, "arreglo.cmd"),
        (DOCM, "contrato.docm"),
        (DOCM, "contrato.docx"),  # macros inside a .docx name
        (DRESSED_ZIP, "contrato.docx"),
        (_zip({"virus.exe": b"MZ"}), "contrato.docx"),
    ],
)
def test_dangerous_file_is_refused(content, name):
    with pytest.raises(ValidationError):
        validate_attachment(fake_upload(content, name))


def test_office_file_too_big_once_unpacked_is_refused(settings):
    settings.PQR_OFFICE_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    bomb = _zip(
        {**WORD, "word/document.xml": b"<w:document>" + b" " * 3_000_000 + b"</w:document>"}
    )
    assert len(bomb) < 100_000  # small on the wire
    with pytest.raises(ValidationError, match="descomprimido"):
        validate_attachment(fake_upload(bomb, "contrato.docx"))


def test_real_looking_docx_is_accepted():
    checked = validate_attachment(fake_upload(_zip(WORD), "contrato.docx"))
    assert checked.filename == "contrato.docx"


@pytest.mark.parametrize(
    ("content", "name", "stored"),
    [
        (b"%PDF-1.7\n...", "escaneo.bin", "escaneo.pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "factura.pdf", "factura.png"),
        (_zip(WORD), "contrato.zip", "contrato.docx"),
        (b"Solo texto", "nota", "nota.txt"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 30, "foto.JPEG", "foto.JPEG"),
    ],
)
def test_stored_name_gets_the_extension_of_the_detected_type(content, name, stored):
    assert validate_attachment(fake_upload(content, name)).filename == stored


@pytest.mark.parametrize(
    ("content", "name"),
    [(HTML, "factura.html"), (SVG, "logo.svg"), (BAT, "x.bat"), (DOCM, "c.docm")],
    ids=["html", "svg", "bat", "docm"],
)
@pytest.mark.django_db
def test_public_form_refuses_dangerous_files_and_keeps_what_was_typed(client, content, name):
    data = form_data(subject="Asunto que no se pierde")
    response = client.post(CREATE_URL, {**data, "attachments": [fake_upload(content, name)]})
    assert response.status_code == 400
    assert not Pqr.objects.exists()
    html = response.content.decode()
    assert "Asunto que no se pierde" in html
    assert "no es de un tipo permitido" in html or "no se acepta" in html


@pytest.mark.django_db
def test_public_upload_is_downloaded_by_staff_under_its_real_type(client, admin_client_role):
    pdf = fake_upload(b"%PDF-1.7\n...", "factura.exe.html.bin")
    client.post(CREATE_URL, {**form_data(), "attachments": [pdf]})
    attachment = Pqr.objects.get().attachments.get()
    assert attachment.filename == "factura.exe.html.pdf"
    response = admin_client_role.get(reverse("pqr:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="factura.exe.html.pdf"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_staff_message_upload_refuses_html(admin_client_role):
    pqr = make_pqr()
    response = admin_client_role.post(
        reverse("pqr:message_add", args=[pqr.pk]),
        {
            "body": "Adjunto soporte",
            "kind": "internal_note",
            "attachments": [fake_upload(HTML, "a.html")],
        },
        follow=True,
    )
    assert not pqr.attachments.exists()
    body = back_on_the_pqr_page(response, pqr)
    assert "no es de un tipo permitido" in body
