"""The English translation: key pages read in English, and the catalogue is complete.

The .mo file is not committed; it is compiled here the same way scripts/setup.sh does,
so these tests fail as soon as a msgid in locale/en is left untranslated or fuzzy.
"""

import gettext as gettext_module
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from core.roles import Role
from surveys import tokens
from surveys.models import SatisfactionSurvey, SurveySource
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.pqr.factories import TeamFactory, make_pqr

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# A few msgids from every app that an English-speaking user meets first.
KEY_MSGIDS = {
    "Mi bandeja": "My queue",
    "Buscar cliente": "Find a customer",
    "Ingreso del personal": "Staff sign-in",
    "Califique nuestro servicio": "Rate our service",
    "En trámite": "In progress",
    "radicado": "filing number",
    "Vence hoy": "Due today",
    "Prórroga": "Extension",
    "Enviar calificación": "Send rating",
    "Persona jurídica": "Legal entity",
}


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogue():
    """Compile locale/ like scripts/setup.sh (a no-op when the .mo is newer than the .po),
    then drop the catalogues this process may have cached before the compile."""
    call_command("compilemessages", verbosity=0, ignore_patterns=[".venv", "node_modules"])
    gettext_module._translations.clear()
    trans_real._translations = {}
    trans_real._default = None
    trans_real.translation_catalog_exists.cache_clear()


def _english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def _page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _posted_page(client, url, **data) -> str:
    response = client.post(url, data)
    assert response.status_code == 200
    return response.content.decode()


def test_po_catalogue_has_no_untranslated_or_fuzzy_entries():
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "translated message" in result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr


def test_compiled_catalogue_translates_key_msgids():
    with MO_FILE.open("rb") as fh:
        catalogue = gettext_module.GNUTranslations(fh)
    missing = {
        msgid: catalogue.gettext(msgid)
        for msgid, english in KEY_MSGIDS.items()
        if catalogue.gettext(msgid) != english
    }
    assert missing == {}
    assert catalogue.ngettext("%(n)s respuesta", "%(n)s respuestas", 2) == "%(n)s responses"


@pytest.mark.django_db
def test_anonymous_home_reads_in_english(client):
    body = _page(_english(client), reverse("home"))
    assert "We are here to listen" in body
    assert "Look up my PQR" in body
    assert "Staff sign-in" in body
    assert "Estamos para escucharle" not in body


@pytest.mark.django_db
def test_login_page_reads_in_english(client):
    body = _page(_english(client), reverse("login"))
    assert "Staff sign-in" in body
    assert "Sign in" in body
    assert "Customers need no account" in body
    assert "Ingresar" not in body


@pytest.mark.django_db
def test_pqr_queue_reads_in_english_with_translated_status(agent_client, agent):
    team = TeamFactory(name="Facturación")
    team.members.add(agent)
    make_pqr(actor=agent, team=team, assigned_to=agent)
    body = _page(_english(agent_client), reverse("pqr:queue"))
    assert "My queue" in body
    assert "Queue filters" in body
    assert "Due soon" in body  # a choice label of the due-date filter
    assert "Assigned" in body  # the PQR's status, a model choice label
    assert "Petition" in body  # a seeded PQR type, stored in Spanish
    assert "Filing number" in body  # the column header, not the "Filed" status
    assert "Petición" not in body
    assert "Mi bandeja" not in body
    assert "Asignado" not in body


@pytest.mark.django_db
def test_customer_search_reads_in_english(agent_client, agent):
    CustomerFactory(full_name="Lucía Restrepo", created_by=agent)
    client = _english(agent_client)
    found = _posted_page(client, reverse("customers:search"), q="Restrepo")
    assert "Find a customer" in found
    assert "Lucía Restrepo" in found
    assert "Buscar cliente" not in found
    nothing = _posted_page(client, reverse("customers:search"), q="Zzyzx")
    assert "No customers found with that information." in nothing


@pytest.mark.django_db
def test_customer_profile_shows_a_seeded_tag_and_its_guidance_in_english(agent_client, agent):
    from customers.models import DifficultyTag
    from customers.services import customer_tag_assign

    customer = CustomerFactory(created_by=agent)  # a new profile of theirs: in scope
    customer_tag_assign(
        customer=customer,
        tag=DifficultyTag.objects.get(slug="agresivo"),
        reason="Golpeó el mostrador.",
        actor=agent,
    )
    body = _page(_english(agent_client), reverse("customers:detail", args=[customer.pk]))
    assert "Aggressive" in body
    assert "Your safety comes first." in body
    assert "Su seguridad va primero." not in body


@pytest.mark.django_db
def test_public_filing_and_status_pages_read_in_english(client):
    from pqr.models import Pqr, PqrType

    client = _english(client)
    form = _page(client, reverse("pqr:public_create"))
    assert "What would you like to submit?" in form
    assert "Complaint" in form  # seeded PQR type names
    assert "Queja" not in form
    client.post(
        reverse("pqr:public_create"),
        {
            "pqr_type": PqrType.objects.get(code="queja").pk,
            "subject": "Double delivery charge",
            "description": "I paid for delivery once and the invoice shows it twice.",
            "identification": "identified",
            "document_type": "CC",
            "document_number": "1020304050",
            "full_name": "Camila Restrepo",
            "contact_email": "camila@example.com",
            "consent": "on",
            "website": "",
        },
    )
    radicado = Pqr.objects.get(subject="Double delivery charge").radicado
    client.post(reverse("pqr:public_lookup"), {"radicado": radicado, "identifier": "1020304050"})
    status = _page(client, reverse("pqr:public_status"))
    assert radicado in status
    assert "Complaint" in status
    assert "Estado:" not in status


@pytest.mark.django_db
def test_public_survey_page_reads_in_the_surveys_language(client):
    raw = tokens.token_new()
    SatisfactionSurvey.objects.create(
        source=SurveySource.PQR, language="en", token_hash=tokens.token_hash(raw)
    )
    body = _page(client, reverse("surveys:public_survey", args=[raw]))
    assert "Rate our service" in body
    assert "You can change your answer within 24 hours" in body
    assert "Very satisfied" in body  # a score choice label
    assert "Califique nuestro servicio" not in body


@pytest.mark.django_db
def test_general_survey_form_reads_in_english(client):
    body = _page(_english(client), reverse("surveys:public_general"))
    assert "Send rating" in body
    assert "Where were you served?" in body
    assert "Enviar calificación" not in body


def test_translation_override_reaches_model_choice_labels():
    from pqr.models import Status

    with translation.override("en"):
        assert str(Status.EN_TRAMITE.label) == "In progress"
    with translation.override("es-co"):
        assert str(Status.EN_TRAMITE.label) == "En trámite"


@pytest.mark.django_db
def test_staff_home_names_the_role_in_english(client):
    client.force_login(UserFactory(username="agent.en", role=Role.AGENT))
    body = _page(_english(client), reverse("home"))
    assert "You are signed in as Agent." in body
    assert "My queue" in body
