import pytest
from django.core.exceptions import ValidationError

from pqr.attachments import fake_upload, minimal_docx, validate_attachment, validate_attachments

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 30
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 30


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "carta.pdf", "application/pdf"),
        (PNG, "foto.png", "image/png"),
        (JPEG, "foto.jpg", "image/jpeg"),
        ("Texto plano con tildes: señal".encode(), "nota.txt", "text/plain"),
        (minimal_docx(), "carta.docx", "wordprocessingml"),
    ],
)
def test_allowed_types_are_recognised_by_content(content, name, expected):
    assert expected in validate_attachment(fake_upload(content, name)).content_type


def test_type_is_decided_by_content_not_extension():
    # A PNG named .pdf is accepted as what it is, not as what it claims.
    assert validate_attachment(fake_upload(PNG, "factura.pdf")).content_type == "image/png"


def test_executable_renamed_as_pdf_is_refused():
    with pytest.raises(ValidationError, match="no es de un tipo permitido"):
        validate_attachment(fake_upload(b"MZ\x90\x00\x03\x00\x00\x00" * 8, "factura.pdf"))


def test_plain_zip_renamed_as_docx_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", "MZ")
    with pytest.raises(ValidationError):
        validate_attachment(fake_upload(buffer.getvalue(), "carta.docx"))


def test_file_over_the_size_setting_is_refused(settings):
    settings.PQR_ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="máximo permitido"):
        validate_attachment(fake_upload(b"%PDF-" + b"a" * 2000, "grande.pdf"))
    assert validate_attachment(fake_upload(b"%PDF-" + b"a" * 1000, "ok.pdf"))


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="vacío"):
        validate_attachment(fake_upload(b"", "vacio.txt"))


def test_every_bad_file_is_reported_at_once():
    with pytest.raises(ValidationError) as info:
        validate_attachments([fake_upload(b"\x00\x01", "a.pdf"), fake_upload(b"", "b.txt")])
    assert len(info.value.messages) == 2


def test_stored_attachment_keeps_name_type_and_bytes(peticion, agent):
    from pqr.services import pqr_attachment_add

    attachment = pqr_attachment_add(
        pqr=peticion, upload=fake_upload(PNG, "evidencia.png"), actor=agent
    )
    attachment.refresh_from_db()
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "evidencia.png",
        "image/png",
        len(PNG),
    )
    assert "evidencia" not in attachment.file.name
    assert attachment.file.read() == PNG


def test_service_refuses_bad_attachment(peticion, agent):
    from pqr.models import PqrAttachment
    from pqr.services import pqr_attachment_add

    with pytest.raises(ValidationError):
        pqr_attachment_add(pqr=peticion, upload=fake_upload(b"\x7fELF\x02", "x.pdf"), actor=agent)
    assert not PqrAttachment.objects.exists()
