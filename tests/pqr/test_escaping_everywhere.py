"""Issue 11, finding 11: markup in every field a customer types (or an agent types for
them) is shown escaped on every page that shows it, staff and public, and in the HTML
emails; the plain-text emails carry it as typed, not as HTML entities.

Each test fails if `|safe` or `{% autoescape off %}` is put on the field in an HTML
template, or if a text email template loses its `{% autoescape off %}`.
"""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from customers.models import Customer
from pqr.emails import render_customer_email
from pqr.models import CustomerEmail, MessageKind
from pqr.services import (
    letter_preview,
    pqr_message_add,
    pqr_reopen,
    pqr_request_completion,
    pqr_resolve,
)
from tests.factories import UserFactory

from .factories import CustomerFactory, make_pqr
from .public_helpers import LOOKUP_URL, STATUS_URL

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


def mark(field: str) -> str:
    """A script and a bold tag; columns of 20 characters get the tag only."""
    if field in SHORT:
        return f"<b>x-{field}</b>"
    return f"<script>alert('{field}')</script><b>x-{field}</b>"


SHORT = {"doc", "tel", "tel2"}


def assert_escaped(html: str, fields: list[str], where: str) -> None:
    """No raw markup from any field; each named field is there, escaped (Django writes
    &#x27; for the quote, the email inliner writes it back as ')."""
    assert "<script>alert(" not in html, f"raw markup on {where}"
    assert "<b>x-" not in html, f"raw markup on {where}"
    for field in fields:
        assert f"&lt;b&gt;x-{field}&lt;/b&gt;" in html, f"{field} missing (escaped) on {where}"


def assert_plain(text: str, fields: list[str], where: str) -> None:
    for field in fields:
        assert mark(field) in text, f"{field} not as typed in {where}"
    assert "&lt;" not in text, f"HTML entities in {where}"


def assert_outbox(pqr, fields: list[str]) -> None:
    """Every email row of the PQR, rendered as the sender does, and what was sent."""
    rows = CustomerEmail.objects.filter(pqr=pqr)
    assert rows.exists()
    for row in rows:
        _subject, text, html = render_customer_email(row)
        assert_escaped(html, [], f"{row.kind} email (HTML)")
        assert "<script>alert(" not in html
        for field in fields:
            if f"&lt;b&gt;x-{field}&lt;" in html:
                assert mark(field) in text, f"{field} mangled in {row.kind} email (text)"
    for message in mail.outbox:
        assert "&lt;" not in message.body, message.subject
        for body, kind in message.alternatives or []:
            assert kind != "text/html" or "<script>alert(" not in body, message.subject


def _staff(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# column -> marker name
PROFILE = {"full_name": "name", "document_number": "doc", "email": "email", "phone": "tel"}
PROFILE |= {"secondary_phone": "tel2", "address": "address", "city": "city", "notes": "notes"}


def test_fields_an_agent_types_for_the_customer_are_escaped_everywhere(
    agent, team_a, supervisor, django_capture_on_commit_callbacks
):
    customer = CustomerFactory()
    # Forms validate documents, phones and emails; rows can still come from imports,
    # the API or older data, so pages must escape every column anyway.
    Customer.objects.filter(pk=customer.pk).update(**{f: mark(n) for f, n in PROFILE.items()})
    customer.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        pqr = make_pqr(
            actor=agent,
            team=team_a,
            customer=customer,
            assigned_to=agent,
            contact_email="gloria@correo.co",
            subject=mark("subject"),
            description=mark("description"),
        )
    staff = _staff(supervisor)
    profile = staff.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert_escaped(profile, list(PROFILE.values()), "customer profile")
    detail = staff.get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert_escaped(detail, ["name", "doc", "tel", "subject"], "PQR page")
    queue = staff.get(reverse("pqr:queue")).content.decode()
    assert_escaped(queue, ["name", "subject"], "queue")
    found = staff.post(reverse("customers:search"), {"q": "x-name"}).content.decode()
    assert_escaped(found, ["name"], "customer search")
    lookup = staff.post(reverse("pqr:customer_lookup"), {"cq": "x-name"}).content.decode()
    assert_escaped(lookup, ["name", "doc"], "intake customer lookup")
    letter = letter_preview(pqr=pqr, body="Respuesta", actor=agent)
    assert_escaped(letter, ["name", "doc", "address", "city"], "letter preview")
    assert_outbox(pqr, ["name"])
    (ack,) = mail.outbox
    assert_plain(ack.body, ["name"], "acknowledgement (text)")


@pytest.fixture
def waiting(agent, team_a, django_capture_on_commit_callbacks):
    customer = CustomerFactory(
        document_type="CC", document_number="71234567", email="gloria@correo.co"
    )
    pqr = make_pqr(actor=agent, team=team_a, customer=customer, assigned_to=agent)
    with django_capture_on_commit_callbacks(execute=True):
        pqr_request_completion(pqr=pqr, actor=agent, missing=mark("missing"))
    pqr.refresh_from_db()
    return pqr


def test_status_page_reply_completion_reopen_and_answer_are_escaped(
    client, waiting, agent, supervisor, django_capture_on_commit_callbacks
):
    client.post(LOOKUP_URL, {"radicado": waiting.radicado, "identifier": "71234567"})
    status = client.get(STATUS_URL).content.decode()
    assert_escaped(status, ["missing"], "public status page (completion request)")
    # A refused reply shows the text typed back in the form, escaped.
    refused = client.post(reverse("pqr:public_reply"), {"body": mark("reply") + "x" * 5001})
    assert "<script>alert(" not in refused.content.decode()
    client.post(reverse("pqr:public_reply"), {"body": mark("reply")})
    assert waiting.messages.filter(kind=MessageKind.CUSTOMER).exists()
    with django_capture_on_commit_callbacks(execute=True):
        pqr_message_add(
            pqr=waiting, actor=agent, kind=MessageKind.PUBLIC_ANSWER, body=mark("answer")
        )
    pqr_resolve(pqr=waiting, actor=agent)
    waiting.refresh_from_db()
    pqr_reopen(pqr=waiting, actor=agent, reason=mark("reopen"))
    staff = _staff(supervisor)
    detail = staff.get(reverse("pqr:detail", args=[waiting.pk])).content.decode()
    assert_escaped(detail, ["missing", "reply", "answer", "reopen"], "PQR page and timeline")
    status = client.get(STATUS_URL).content.decode()
    assert_escaped(status, ["answer"], "public status page (answer)")
    assert_outbox(waiting, ["missing", "answer"])
    texts = " ".join(m.body for m in mail.outbox)
    assert_plain(texts, ["missing", "answer"], "completion request and answer emails (text)")


def test_survey_comment_is_escaped_on_results_recovery_case_and_pqr_page(
    client, supervisor, django_capture_on_commit_callbacks
):
    from surveys.models import RecoveryCase
    from tests.surveys.conftest import make_customer, make_team, resolve, score_links
    from tests.surveys.conftest import make_pqr as make_survey_pqr

    agent = UserFactory(role="Agente")
    team = make_team(members=[agent], supervisor=supervisor)
    pqr = make_survey_pqr(team=team, customer=make_customer(), assigned_to=agent)
    with django_capture_on_commit_callbacks(execute=True):
        resolve(pqr, agent)
    link = score_links(mail.outbox[-1])[1]
    page = client.get(urlsplit(link).path, HTTP_USER_AGENT=BROWSER)
    client.post(
        page.context["action"],
        {"score": 1, "comment": mark("comment")},
        HTTP_USER_AGENT=BROWSER,
        follow=True,
    )
    case = RecoveryCase.objects.get()
    assert case.comment == mark("comment")
    staff = _staff(supervisor)
    for url, where in [
        (reverse("surveys:results"), "survey results and recovery cases"),
        (reverse("surveys:recovery_detail", args=[case.pk]), "recovery case"),
        (reverse("pqr:detail", args=[pqr.pk]), "PQR page"),
    ]:
        assert_escaped(staff.get(url).content.decode(), ["comment"], where)
    # The customer opening the link again sees the page for an answered survey.
    again = client.get(urlsplit(link).path, HTTP_USER_AGENT=BROWSER).content.decode()
    assert "<script>alert(" not in again


def test_general_survey_comment_is_escaped_on_the_results(client, supervisor):
    from surveys.models import SurveyResponse
    from tests.surveys.factories import PointOfServiceFactory

    point = PointOfServiceFactory(name="Sede centro")
    response = client.post(
        reverse("surveys:public_general"),
        {"score": 3, "point_of_service": point.pk, "comment": mark("general"), "website": ""},
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.status_code in (200, 302)
    assert SurveyResponse.objects.filter(comment=mark("general")).exists()
    results = _staff(supervisor).get(reverse("surveys:results")).content.decode()
    assert_escaped(results, ["general"], "survey results (general form)")
