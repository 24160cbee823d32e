"""The formal letter (oficio): letterhead, outgoing number, recursos, stored once."""

import hashlib
import subprocess
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from pqr.models import AnswerLetter, MessageKind, PqrMessage
from pqr.notification_status import letter_bytes
from pqr.services import letter_create, pqr_answer_send
from sla.models import Organization
from tests.answers import IN_PERSON
from tests.factories import UserFactory
from tests.smtp import pdf_attachments

from .factories import CustomerFactory, TeamFactory, make_pqr

pytestmark = pytest.mark.django_db
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_text(data: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(done.stdout.decode().split())


@pytest.fixture
def utility(db):
    org, _ = Organization.objects.get_or_create(
        pk=1, defaults={"working_weekdays": [0, 1, 2, 3, 4]}
    )
    org.name, org.nit = "Aguas del Quindío E.S.P.", "890.000.123-4"
    org.address, org.city, org.legal_regime = "Calle 20 # 15-30", "Armenia", "servicios_publicos"
    org.save()
    return org


@pytest.fixture
def signer(db):
    return UserFactory(
        username="luisa.agente", first_name="Luisa", last_name="Cardona", role="Agente"
    )


@pytest.fixture
def claim(signer, utility):
    team = TeamFactory(name="Facturación")
    team.members.add(signer)
    customer = CustomerFactory(
        full_name="Jorge Iván Salazar",
        document_number="7555123",
        address="Carrera 14 # 9-40",
        city="Armenia",
        email="jorge.salazar@example.com",
    )
    return make_pqr(actor=signer, team=team, customer=customer, assigned_to=signer)


def test_letter_carries_letterhead_numbers_signer_and_recursos(signer, claim):
    message = pqr_answer_send(
        pqr=claim,
        actor=signer,
        body="Revisamos la lectura del medidor y la corregimos.",
        letter=True,
    )
    letter = message.letter
    year = timezone.localdate().year
    assert letter.number == f"SAL-{year}-000001"
    text = pdf_text(letter_bytes(letter))
    for expected in (
        "Aguas del Quindío E.S.P.",
        "NIT 890.000.123-4",
        "Calle 20 # 15-30, Armenia",
        f"SAL-{year}-000001",
        claim.radicado,
        "Jorge Iván Salazar",
        "CC 7555123",
        "Revisamos la lectura del medidor y la corregimos.",
        "Luisa Cardona",
        "Agente de atención al cliente",
        "Reposición",
        "Superintendencia de Servicios Públicos Domiciliarios",
        "5 días hábiles",
    ):
        assert expected in text, expected


def test_private_company_letter_lists_no_recursos(signer, claim, utility):
    utility.legal_regime = "privada"
    utility.save()
    message = pqr_answer_send(pqr=claim, actor=signer, body="Respuesta.", letter=True)
    assert "Recursos" not in pdf_text(letter_bytes(message.letter))


def test_the_logo_uploaded_in_the_settings_is_on_the_letterhead(
    admin_client_role, signer, claim, utility
):
    response = admin_client_role.post(
        reverse("sla:organization"),
        {
            "name": utility.name,
            "legal_regime": utility.legal_regime,
            "working_weekdays": ["0", "1", "2", "3", "4"],
            "office_start": "08:00",
            "office_end": "17:00",
            "warning_share": "75",
            "nit": utility.nit,
            "address": utility.address,
            "city": utility.city,
            "logo": SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    from pqr.services import letter_preview

    html = letter_preview(pqr=claim, body="Texto", actor=signer)
    assert 'src="data:image/png;base64,' in html


def test_a_logo_that_is_not_an_image_is_refused(admin_client_role, utility):
    response = admin_client_role.post(
        reverse("sla:organization"),
        {
            "name": utility.name,
            "legal_regime": utility.legal_regime,
            "working_weekdays": ["0", "1", "2", "3", "4"],
            "office_start": "08:00",
            "office_end": "17:00",
            "warning_share": "75",
            "logo": SimpleUploadedFile(
                "logo.png", b"<svg onload=alert(1)>", content_type="image/png"
            ),
        },
    )
    assert "El logo debe ser una imagen PNG o JPG" in response.content.decode()


def test_preview_takes_no_outgoing_number(agent_client, agent, team_a):
    pqr = make_pqr(actor=agent, team=team_a)
    response = agent_client.post(
        reverse("pqr:answer_preview", args=[pqr.pk]), {"body": "Borrador de respuesta"}
    )
    assert "BORRADOR" in response.content.decode()
    assert "Borrador de respuesta" in response.content.decode()
    from pqr.models import LetterCounter

    assert not LetterCounter.objects.exists()
    pdf = agent_client.post(
        reverse("pqr:answer_preview", args=[pqr.pk]) + "?format=pdf", {"body": "Borrador"}
    )
    assert pdf["Content-Type"] == "application/pdf"


def test_stored_pdf_is_served_byte_for_byte_and_never_rendered_again(
    agent_client, agent, team_a, utility
):
    pqr = make_pqr(actor=agent, team=team_a)
    message = pqr_answer_send(
        pqr=pqr, actor=agent, body="Respuesta con oficio.", delivery=IN_PERSON, letter=True
    )
    letter = AnswerLetter.objects.get(message=message)
    with letter.file.open("rb") as handle:
        stored = handle.read()
    assert hashlib.sha256(stored).hexdigest() == letter.sha256
    # The letterhead changes later: the letter already sent does not.
    utility.name = "Nombre nuevo de la empresa"
    utility.save()
    response = agent_client.get(reverse("pqr:letter", args=[letter.pk]))
    assert response.status_code == 200
    assert response.content == stored
    assert response["Content-Disposition"] == f'attachment; filename="{letter.number}.pdf"'
    assert "Nombre nuevo" not in pdf_text(response.content)


def test_a_changed_stored_file_is_never_served(agent_client, agent, team_a):
    pqr = make_pqr(actor=agent, team=team_a)
    message = pqr_answer_send(
        pqr=pqr, actor=agent, body="Respuesta.", delivery=IN_PERSON, letter=True
    )
    letter = message.letter
    with open(letter.file.path, "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(ValueError, match="SHA-256"):
        agent_client.get(reverse("pqr:letter", args=[letter.pk]))


def test_another_teams_agent_cannot_download_the_letter(agent, team_a, team_b):
    from django.test import Client

    pqr = make_pqr(actor=agent, team=team_a)
    letter = pqr_answer_send(
        pqr=pqr, actor=agent, body="Respuesta.", delivery=IN_PERSON, letter=True
    ).letter
    outsider = Client()
    outsider.force_login(UserFactory(username="agente.b"))
    assert outsider.get(reverse("pqr:letter", args=[letter.pk])).status_code == 404


def test_the_customer_email_carries_the_stored_pdf_over_real_smtp(
    signer,
    claim,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        message = pqr_answer_send(
            pqr=claim, actor=signer, body="Corregimos la lectura.", letter=True
        )
    answer = next(m for m in smtp_server.messages if "Respuesta a su solicitud" in m["Subject"])
    assert answer["To"] == "jorge.salazar@example.com"
    (pdf,) = pdf_attachments(answer)
    assert pdf == letter_bytes(message.letter)
    assert answer["Message-ID"] == message.letter.pqr.notifications.get().smtp_message_id


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_letters_get_distinct_consecutive_numbers(team_a, agent):
    pqrs = [make_pqr(actor=agent, team=team_a) for _ in range(2)]
    messages = [
        PqrMessage.objects.create(pqr=p, kind=MessageKind.PUBLIC_ANSWER, body="Respuesta")
        for p in pqrs
    ]
    start = threading.Barrier(2)
    numbers, errors = [], []

    def write(pqr, message):
        try:
            start.wait()
            with transaction.atomic():
                numbers.append(letter_create(pqr=pqr, message=message, actor=agent).number)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=pair) for pair in zip(pqrs, messages, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = timezone.localdate().year
    assert sorted(numbers) == [f"SAL-{year}-000001", f"SAL-{year}-000002"]
    assert AnswerLetter.objects.count() == 2


def test_the_customer_downloads_the_same_letter_from_the_status_page(client, signer, claim):
    import re

    message = pqr_answer_send(pqr=claim, actor=signer, body="Respuesta con oficio.", letter=True)
    client.post(reverse("pqr:public_lookup"), {"radicado": claim.radicado, "identifier": "7555123"})
    page = client.get(reverse("pqr:public_status")).content.decode()
    assert f"Oficio {message.letter.number} (PDF)" in page
    link = re.search(r'href="(/pqr/consulta/oficios/[^"]+)"', page).group(1)
    assert client.get(link).content == letter_bytes(message.letter)
    assert client.get("/pqr/consulta/oficios/forged/").status_code == 404


def _pdf_fonts(data: bytes) -> str:
    done = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def test_letter_keeps_its_look_in_the_pdf_and_the_preview_links_the_stylesheet(signer, claim):
    """The letter's CSS is a static file (the CSP forbids inline styles): WeasyPrint
    still applies it (DejaVu Sans, the footer with the page count) and the browser
    preview links it instead of carrying a <style> block."""
    message = pqr_answer_send(pqr=claim, actor=signer, body="Corregimos la lectura.", letter=True)
    data = letter_bytes(message.letter)
    fonts = _pdf_fonts(data)
    assert "DejaVu-Sans" in fonts  # without the stylesheet: DejaVu-Serif only
    assert f"{message.letter.number} · Página 1 / 1" in pdf_text(data)
    from pqr.services import letter_preview

    preview = letter_preview(pqr=claim, body="Texto", actor=signer)
    assert "<style" not in preview
    assert "style=" not in preview
    assert '<link rel="stylesheet" href="/static/css/letter.css">' in preview
