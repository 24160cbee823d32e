"""An agent's working day: one-click "Asignarme" from the queue, refused actions that
stay on the PQR page, and the intake page's help before filing (the customer's
guidance and open PQRs, the legal term and answer date)."""

import json
import re

import pytest
from django.urls import reverse

from customers.models import DifficultyTag
from customers.services import customer_tag_assign
from pqr.models import PqrType, Status
from sla.models import LegalTerm
from tests.customers.factories import CustomerFactory
from tests.sla.conftest import at

from .factories import make_pqr
from .refused import back_on_the_pqr_page

pytestmark = pytest.mark.django_db


# --- "Asignarme" from the queue row -----------------------------------------------------


def test_queue_row_offers_asignarme_and_comes_back_to_the_same_queue_page(
    agent_client, agent, team_a
):
    pqr = make_pqr(actor=agent, team=team_a)
    queue = reverse("pqr:queue") + "?status=open&q=cobro"
    page = agent_client.get(queue).content.decode()
    row = page.split(pqr.radicado, 1)[1].split("</tr>", 1)[0]
    assert reverse("pqr:assign_me", args=[pqr.pk]) in row
    response = agent_client.post(
        reverse("pqr:assign_me", args=[pqr.pk]), {"next": queue}, follow=True
    )
    assert response.redirect_chain[-1][0] == queue
    assert "La PQR quedó asignada a usted." in response.content.decode()
    pqr.refresh_from_db()
    assert (pqr.assigned_to, pqr.status) == (agent, Status.ASIGNADO)
    # Taken: the button is gone from its row.
    row = agent_client.get(queue).content.decode().split(pqr.radicado, 1)[1].split("</tr>")[0]
    assert reverse("pqr:assign_me", args=[pqr.pk]) not in row


def test_asignarme_never_redirects_outside_the_queue(agent_client, agent, team_a):
    pqr = make_pqr(actor=agent, team=team_a)
    response = agent_client.post(
        reverse("pqr:assign_me", args=[pqr.pk]), {"next": "https://evil.example/pqr/"}
    )
    assert response["Location"] == reverse("pqr:detail", args=[pqr.pk])


def test_asignarme_refused_stays_on_the_pqr_page(agent_client, agent, team_a):
    pqr = make_pqr(actor=agent, team=team_a, assigned_to=agent)
    response = agent_client.post(reverse("pqr:assign_me", args=[pqr.pk]), follow=True)
    assert "Esta PQR ya está asignada a usted." in back_on_the_pqr_page(response, pqr)


# --- refused actions: Post/Redirect/Get ---------------------------------------------------


def test_refused_transition_redirects_to_the_page_with_the_form_open_and_the_text(
    agent_client, agent, team_a
):
    pqr = make_pqr(actor=agent, team=team_a)
    url = reverse("pqr:transition", args=[pqr.pk, "transfer"])
    data = {
        "destination": "",
        "note": "Corresponde a la Superintendencia",
        "ntransfer-channel": "in_person",
        "ntransfer-constancia": "Se le explicó en la sede.",
    }
    body = back_on_the_pqr_page(agent_client.post(url, data, follow=True), pqr)
    assert "Indique a qué entidad se traslada" in body
    assert "Corresponde a la Superintendencia" in body
    assert "<details open><summary>Trasladar a otra entidad" in body
    # The reload is a GET of the page: no second attempt, the typed text shown once.
    reload = agent_client.get(reverse("pqr:detail", args=[pqr.pk])).content.decode()
    assert "Corresponde a la Superintendencia" not in reload
    pqr.refresh_from_db()
    assert pqr.status == Status.RADICADO


def test_typed_text_of_one_pqr_never_shows_on_another(agent_client, agent, team_a):
    first, second = make_pqr(actor=agent, team=team_a), make_pqr(actor=agent, team=team_a)
    agent_client.post(
        reverse("pqr:transition", args=[first.pk, "transfer"]),
        {"destination": "", "note": "Nota de la primera PQR"},
    )
    other = agent_client.get(reverse("pqr:detail", args=[second.pk])).content.decode()
    assert "Nota de la primera PQR" not in other
    mine = agent_client.get(reverse("pqr:detail", args=[first.pk])).content.decode()
    assert "Nota de la primera PQR" in mine


# --- intake: the customer at once, the term before filing ----------------------------------


def test_picking_a_customer_shows_their_guidance_and_open_pqrs(agent_client, agent, team_a):
    customer = CustomerFactory(full_name="Rosa Elvira Cárdenas", document_number="41234567")
    tag = DifficultyTag.objects.filter(is_active=True).first()
    customer_tag_assign(customer=customer, tag=tag, reason="Gritó en la sede", actor=agent)
    open_pqr = make_pqr(actor=agent, team=team_a, customer=customer, subject="Medidor dañado")
    response = agent_client.post(
        reverse("pqr:customer_summary"), {"customer_id": customer.pk, "cq": "41234567"}
    )
    html = response.content.decode()
    assert tag.guidance_text[:40] in html
    assert open_pqr.radicado in html
    assert "Tiene 1 PQR abierta" in html


def test_the_summary_lists_only_pqrs_the_agent_may_see(agent_client, agent, team_a, team_b):
    customer = CustomerFactory(document_number="41234567")
    make_pqr(team=team_b, customer=customer, subject="De otro equipo")
    mine = make_pqr(actor=agent, team=team_a, customer=customer)
    html = agent_client.post(
        reverse("pqr:customer_summary"), {"customer_id": customer.pk, "cq": "41234567"}
    ).content.decode()
    assert mine.radicado in html
    assert "De otro equipo" not in html


def test_a_stranger_cannot_be_summarised_by_a_bare_id(agent_client, team_b):
    customer = CustomerFactory(document_number="41234567")
    make_pqr(team=team_b, customer=customer, subject="De otro equipo")
    html = agent_client.post(
        reverse("pqr:customer_summary"), {"customer_id": customer.pk, "cq": ""}
    ).content.decode()
    assert "intake-customer-summary" not in html


def test_term_preview_says_the_date_the_days_and_the_law(agent_client, team_a):
    peticion = PqrType.objects.get(code="peticion")
    term = LegalTerm.objects.get(pqr_type=peticion)
    response = agent_client.get(
        reverse("pqr:term_preview"),
        {"pqr_type": peticion.pk, "channel": "telefono", "received_at": "2026-03-16T09:00"},
    )
    data = json.loads(response.content)
    # Filed Monday 16 March 2026: 15 business days, skipping San José (23 March) and
    # Holy Thursday and Friday (2 and 3 April).
    assert data["due_on"] == "2026-04-09"
    assert data["days"] == term.days == 15
    assert (
        data["text"]
        .lower()
        .startswith("le respondemos a más tardar el 9 de abril de 2026, 15 días hábiles")
    )
    assert term.source in data["text"]


def test_term_preview_follows_the_reception_date(agent_client):
    consulta = PqrType.objects.get(code="consulta")
    friday = agent_client.get(
        reverse("pqr:term_preview"),
        {"pqr_type": consulta.pk, "received_at": at(2026, 3, 20, 18).strftime("%Y-%m-%dT%H:%M")},
    )
    monday = agent_client.get(
        reverse("pqr:term_preview"),
        {"pqr_type": consulta.pk, "received_at": at(2026, 3, 16, 9).strftime("%Y-%m-%dT%H:%M")},
    )
    assert json.loads(friday.content)["due_on"] > json.loads(monday.content)["due_on"]


def test_term_preview_needs_a_type_and_staff(agent_client, client):
    assert agent_client.get(reverse("pqr:term_preview")).status_code == 400
    peticion = PqrType.objects.get(code="peticion")
    anonymous = client.get(reverse("pqr:term_preview"), {"pqr_type": peticion.pk})
    assert anonymous.status_code in (302, 403)


def test_intake_page_defaults_channel_and_consent_channel_together(agent_client):
    html = agent_client.get(reverse("pqr:create")).content.decode()
    channel = re.search(r'<select name="channel".*?</select>', html, re.S).group(0)
    consent = re.search(r'<select name="nc-consent_channel".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="telefono"[^>]*selected', channel)
    assert re.search(r'<option value="phone"[^>]*selected', consent)
    assert 'data-testid="term-preview"' in html
