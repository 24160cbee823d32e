"""The public form and Ley 1581: consent per purpose (issue 11, finding 10), and no
consent written for an existing profile from an unverified submission (finding 6)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from customers.models import ConsentRecord
from customers.selectors import customer_can_be_surveyed
from customers.services import consent_record, consent_revoke
from pqr.models import Pqr
from surveys.tasks import survey_invitation_send_task

from .factories import CustomerFactory
from .public_helpers import CREATE_URL, form_data

pytestmark = pytest.mark.django_db

HANDLING, SURVEYS = "atencion_pqr", "encuestas_satisfaccion"


def _purposes(customer) -> list[tuple[str, bool]]:
    rows = ConsentRecord.objects.filter(customer=customer).order_by("purposes", "pk")
    return [(c.purposes, c.revoked_at is None) for c in rows]


def _resolve_and_invite(pqr: Pqr, actor) -> None:
    from pqr.models import PqrType
    from tests.answers import resolve_answered

    # A petición: resolving it needs no six-step protocol, which is not what is tested.
    Pqr.objects.filter(pk=pqr.pk).update(pqr_type=PqrType.objects.get(code="peticion"))
    pqr.refresh_from_db()
    resolve_answered(pqr, actor)  # answered in person: it went out at once
    mail.outbox.clear()
    survey_invitation_send_task.delay(pqr.pk)


# --- finding 10: one box per purpose ---------------------------------------------------


def test_the_form_offers_surveys_as_a_separate_optional_box(client):
    html = client.get(CREATE_URL).content.decode()
    assert 'name="consent"' in html
    assert 'name="survey_consent"' in html
    assert "(opcional)" in html


def test_filing_needs_only_the_handling_purpose(client):
    response = client.post(CREATE_URL, form_data())  # survey box left empty
    assert response.status_code == 302
    pqr = Pqr.objects.get()
    assert _purposes(pqr.customer) == [(HANDLING, True)]
    assert pqr.survey_consent_at is None
    assert not customer_can_be_surveyed(customer=pqr.customer)


def test_survey_box_records_its_own_consent(client):
    client.post(CREATE_URL, form_data(survey_consent="on"))
    pqr = Pqr.objects.get()
    assert _purposes(pqr.customer) == [(HANDLING, True), (SURVEYS, True)]
    assert pqr.survey_consent_at is not None
    assert customer_can_be_surveyed(customer=pqr.customer)


def test_surveys_are_revoked_on_their_own_from_the_profile(client, supervisor_client, agent):
    client.post(CREATE_URL, form_data(survey_consent="on"))
    customer = Pqr.objects.get().customer
    supervisor_client.post(
        reverse("customers:consent_revoke", args=[customer.pk]), {"purpose": SURVEYS}
    )
    assert _purposes(customer) == [(HANDLING, True), (SURVEYS, False)]
    assert not customer_can_be_surveyed(customer=customer)


def test_no_survey_invitation_without_the_survey_purpose(
    client, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE_URL, form_data())
        client.post(
            CREATE_URL,
            form_data(
                document_number="52000111", contact_email="acepta@correo.co", survey_consent="on"
            ),
        )
    for pqr in Pqr.objects.order_by("pk"):
        _resolve_and_invite(pqr, supervisor)
        sent = [m.to for m in mail.outbox]
        assert sent == ([["acepta@correo.co"]] if pqr.survey_consent_at else [])


def test_anonymous_filer_is_surveyed_only_with_the_survey_box(client, supervisor):
    anonymous = {"identification": "anonymous", "document_type": "", "document_number": ""}
    client.post(CREATE_URL, form_data(**anonymous, contact_email="anon@correo.co"))
    pqr = Pqr.objects.get()
    assert pqr.contact_consent_at is not None
    assert pqr.survey_consent_at is None
    _resolve_and_invite(pqr, supervisor)
    assert mail.outbox == []


# --- finding 6: a stranger typing someone else's document ------------------------------


@pytest.fixture
def holder(agent):
    """A profile whose holder revoked every consent."""
    customer = CustomerFactory(
        document_type="CC", document_number="1020304050", email="titular@correo.co"
    )
    consent_record(customer=customer, channel="phone", actor=agent, purposes=[HANDLING, SURVEYS])
    consent_revoke(customer=customer, actor=agent)
    return customer


def test_a_web_filing_with_an_existing_document_never_touches_its_consent(client, holder):
    before = list(ConsentRecord.objects.filter(customer=holder).values())
    client.post(CREATE_URL, form_data(contact_email="extrano@correo.co", survey_consent="on"))
    pqr = Pqr.objects.get()
    assert list(ConsentRecord.objects.filter(customer=holder).values()) == before
    assert pqr.customer == holder
    assert pqr.identity_unverified
    assert pqr.contact_email == "extrano@correo.co"


def test_the_unverified_pqr_is_flagged_on_its_page_and_in_the_queue(
    client, holder, supervisor_client
):
    client.post(CREATE_URL, form_data(contact_email="extrano@correo.co"))
    pqr = Pqr.objects.get()
    page = supervisor_client.get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert 'data-testid="identity-check"' in page
    queue = supervisor_client.get(reverse("pqr:queue")).content.decode()
    assert 'data-testid="identity-badge"' in queue


def test_an_unverified_filer_is_surveyed_by_their_own_box_not_the_profiles(
    client, agent, supervisor, django_capture_on_commit_callbacks
):
    profile = CustomerFactory(document_type="CC", document_number="1020304050")
    consent_record(customer=profile, channel="phone", actor=agent, purposes=[HANDLING, SURVEYS])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE_URL, form_data(contact_email="extrano@correo.co"))
    _resolve_and_invite(Pqr.objects.get(), supervisor)
    assert mail.outbox == []


def test_agent_confirms_the_identity_and_the_purposes_accepted_are_recorded(
    client, holder, supervisor
):
    client.post(CREATE_URL, form_data(survey_consent="on"))
    pqr = Pqr.objects.get()
    staff = Client()
    staff.force_login(supervisor)
    staff.post(reverse("pqr:identity_confirm", args=[pqr.pk]))
    pqr.refresh_from_db()
    assert not pqr.identity_unverified
    live = ConsentRecord.objects.filter(customer=holder, revoked_at__isnull=True)
    assert sorted(live.values_list("purposes", "channel", "recorded_by")) == [
        (HANDLING, "web", supervisor.pk),
        (SURVEYS, "web", supervisor.pk),
    ]


def test_agent_says_it_is_not_the_holder_and_the_pqr_leaves_the_profile(client, holder, supervisor):
    client.post(CREATE_URL, form_data(contact_email="extrano@correo.co"))
    pqr = Pqr.objects.get()
    staff = Client()
    staff.force_login(supervisor)
    staff.post(reverse("pqr:identity_reject", args=[pqr.pk]), {"note": "El titular no la radicó"})
    pqr.refresh_from_db()
    assert pqr.customer is None
    assert not pqr.identity_unverified
    assert pqr.contact_email == "extrano@correo.co"
    assert not ConsentRecord.objects.filter(customer=holder, revoked_at__isnull=True).exists()


def test_an_agent_of_another_team_cannot_confirm_the_identity(client, holder, agent):
    client.post(CREATE_URL, form_data())
    pqr = Pqr.objects.get()
    outsider = Client()
    outsider.force_login(agent)  # not in the default intake team
    assert outsider.post(reverse("pqr:identity_confirm", args=[pqr.pk])).status_code == 404
    pqr.refresh_from_db()
    assert pqr.identity_unverified
