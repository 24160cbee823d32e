import pytest
from django.urls import reverse

from customers.models import DifficultyTag
from pqr.attachments import fake_upload
from pqr.models import Pqr, PqrEvent, Status
from pqr.services import pqr_attachment_add, pqr_message_add
from tests.answers import IN_PERSON, resolve_answered

from .factories import CustomerFactory, TeamFactory, make_pqr


def test_queue_lists_my_team_pqrs(agent_client, peticion):
    response = agent_client.get(reverse("pqr:queue"))
    assert response.status_code == 200
    assert peticion.radicado in response.content.decode()


def test_queue_hides_other_teams_from_agents(agent_client, agent, team_b, peticion):
    other = make_pqr(actor=agent, team=team_b, subject="Asunto de otro equipo")
    body = agent_client.get(reverse("pqr:queue")).content.decode()
    assert peticion.radicado in body
    assert other.radicado not in body


def test_agent_gets_404_on_other_team_pqr(agent_client, agent, team_b):
    other = make_pqr(actor=agent, team=team_b)
    assert agent_client.get(reverse("pqr:detail", args=[other.pk])).status_code == 404


def test_agent_sees_pqr_assigned_to_them_in_another_team(agent_client, agent, team_b):
    other = make_pqr(actor=agent, team=team_b)
    Pqr.objects.filter(pk=other.pk).update(assigned_to=agent)
    assert agent_client.get(reverse("pqr:detail", args=[other.pk])).status_code == 200


def test_supervisor_sees_every_team(supervisor_client, agent, team_b):
    other = make_pqr(actor=agent, team=team_b)
    assert supervisor_client.get(reverse("pqr:detail", args=[other.pk])).status_code == 200
    assert other.radicado in supervisor_client.get(reverse("pqr:queue")).content.decode()


def test_anonymous_user_is_sent_to_login(client, peticion):
    response = client.get(reverse("pqr:detail", args=[peticion.pk]))
    assert response.status_code == 302
    assert "/cuenta/login/" in response["Location"]


def test_queue_filters_by_anger_flag_and_text(agent_client, agent, team_a, customer):
    calm = make_pqr(actor=agent, team=team_a, subject="Factura duplicada")
    angry = make_pqr(
        actor=agent, team=team_a, subject="Servicio suspendido", anger_level=5, customer=customer
    )
    body = agent_client.get(reverse("pqr:queue"), {"anger": "on"}).content.decode()
    assert angry.radicado in body
    assert calm.radicado not in body
    body = agent_client.get(reverse("pqr:queue"), {"q": "ospina"}).content.decode()
    assert angry.radicado in body
    assert calm.radicado not in body
    body = agent_client.get(reverse("pqr:queue"), {"q": calm.radicado.lower()}).content.decode()
    assert calm.radicado in body
    assert angry.radicado not in body


def test_queue_status_filter(agent_client, agent, peticion):
    resolve_answered(peticion, agent)
    assert peticion.radicado not in agent_client.get(reverse("pqr:queue")).content.decode()
    body = agent_client.get(reverse("pqr:queue"), {"status": "closed"}).content.decode()
    assert peticion.radicado in body


def test_create_page_registers_phone_reclamo_and_shows_radicado(agent_client, team_a, customer):
    from pqr.models import PqrType

    response = agent_client.post(
        reverse("pqr:create"),
        {
            "customer_id": customer.pk,
            # Found by its exact document in the lookup box: a profile of no team yet.
            "cq": customer.document_number,
            "channel": "telefono",
            "pqr_type": PqrType.objects.get(code="reclamo").pk,
            "priority": "normal",
            "received_at": "2026-11-20T09:30",
            "subject": "Cobro de reconexión",
            "description": "Le cobraron una reconexión que no pidió.",
            "verbal_constancia": "Pidió reversar el cobro; se le explicó el trámite.",
            "team": team_a.pk,
            "anger_level": "3",
            "attachments": [fake_upload(b"%PDF-1.4 factura", "factura.pdf")],
        },
        follow=True,
    )
    pqr = Pqr.objects.get()
    assert pqr.customer == customer
    assert pqr.channel == "telefono"
    assert pqr.attachments.count() == 1
    assert pqr.radicado in response.content.decode()
    assert "Entréguelo al cliente" in response.content.decode()


def test_create_page_keeps_values_and_explains_errors(agent_client, team_a):
    from pqr.models import PqrType

    response = agent_client.post(
        reverse("pqr:create"),
        {
            "anonymous": "on",
            "channel": "presencial",
            "pqr_type": PqrType.objects.get(code="queja").pk,
            "priority": "normal",
            "received_at": "2026-11-20T09:30",
            "subject": "Mala atención en la sede",
            "description": "El funcionario no quiso recibir los documentos.",
            "team": team_a.pk,
            "attachments": [fake_upload(b"MZ\x90\x00binario", "foto.jpg")],
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert not Pqr.objects.exists()
    assert "Mala atención en la sede" in body
    assert "constancia" in body
    assert "no es de un tipo permitido" in body


def test_create_requires_customer_or_anonymous(agent_client, team_a):
    from pqr.models import PqrType

    response = agent_client.post(
        reverse("pqr:create"),
        {
            "channel": "email",
            "pqr_type": PqrType.objects.get(code="peticion").pk,
            "priority": "normal",
            "received_at": "2026-11-20T09:30",
            "subject": "Copia de contrato",
            "description": "Solicita copia.",
            "team": team_a.pk,
        },
    )
    assert "marque la PQR como anónima" in response.content.decode()
    assert not Pqr.objects.exists()


def test_customer_lookup_returns_matches(agent_client, customer):
    response = agent_client.post(reverse("pqr:customer_lookup"), {"cq": "52987654"})
    assert customer.full_name in response.content.decode()


def test_detail_shows_customer_tag_guidance(agent_client, agent, reclamo):
    from customers.services import customer_tag_assign

    tag = DifficultyTag.objects.filter(is_active=True).first()
    customer_tag_assign(customer=reclamo.customer, tag=tag, reason="Gritó en la sede", actor=agent)
    body = agent_client.get(reverse("pqr:detail", args=[reclamo.pk])).content.decode()
    assert tag.name in body
    assert tag.guidance[:40] in body


def test_detail_shows_only_allowed_actions(agent_client, peticion):
    body = agent_client.get(reverse("pqr:detail", args=[peticion.pk])).content.decode()
    assert reverse("pqr:transition", args=[peticion.pk, "resolve"]) in body
    assert reverse("pqr:transition", args=[peticion.pk, "reopen"]) not in body
    assert reverse("pqr:transition", args=[peticion.pk, "close"]) not in body


def test_refused_action_shows_spanish_message_and_changes_nothing(agent_client, reclamo):
    response = agent_client.post(
        reverse("pqr:transition", args=[reclamo.pk, "resolve"]), follow=True
    )
    reclamo.refresh_from_db()
    assert reclamo.status == Status.RADICADO
    assert "faltan pasos del protocolo" in response.content.decode()


def test_protocol_step_form_records_step(agent_client, reclamo):
    agent_client.post(
        reverse("pqr:protocol_step", args=[reclamo.pk]),
        {"s1_state": "done", "s1_note": "Se ofrecieron disculpas por el cobro"},
    )
    assert reclamo.protocol_steps.filter(step=1).exists()


def test_reply_form_adds_internal_note_shown_in_timeline(agent_client, peticion):
    agent_client.post(
        reverse("pqr:message_add", args=[peticion.pk]),
        {"kind": "internal", "body": "Revisar contrato firmado"},
    )
    body = agent_client.get(reverse("pqr:detail", args=[peticion.pk])).content.decode()
    assert "Revisar contrato firmado" in body
    assert "Nota interna" in body


def test_tag_customer_from_pqr_page_links_evidence(agent_client, reclamo):
    tag = DifficultyTag.objects.filter(is_active=True).first()
    agent_client.post(
        reverse("pqr:tag", args=[reclamo.pk]), {"tag": tag.pk, "reason": "Insultó al asesor"}
    )
    assignment = reclamo.customer.tag_assignments.get()
    assert assignment.tag == tag
    assert PqrEvent.objects.filter(pqr=reclamo, kind="tag").exists()
    if hasattr(assignment, "pqr_id"):
        assert assignment.pqr_id == reclamo.pk


def test_attachment_download_for_staff_in_scope_only(agent_client, client, agent, team_b, peticion):
    attachment = pqr_attachment_add(
        pqr=peticion, upload=fake_upload(b"%PDF-1.4 contenido", "carta.pdf"), actor=agent
    )
    response = agent_client.get(reverse("pqr:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 contenido"
    assert "carta.pdf" in response["Content-Disposition"]
    assert client.get(reverse("pqr:attachment", args=[attachment.pk])).status_code == 302
    other = make_pqr(actor=agent, team=team_b)
    hidden = pqr_attachment_add(pqr=other, upload=fake_upload(b"%PDF-1.4 x", "x.pdf"), actor=agent)
    assert agent_client.get(reverse("pqr:attachment", args=[hidden.pk])).status_code == 404


def test_customer_timeline_lists_the_customers_pqrs(reclamo):
    from customers.timeline import customer_timeline

    entries = customer_timeline(reclamo.customer)
    assert any(reclamo.radicado in entry.title for entry in entries)


@pytest.mark.parametrize("rows", [2, 12])
def test_queue_queries_do_not_grow_with_data(
    agent_client, agent, team_a, django_assert_max_num_queries, rows
):
    for i in range(rows):
        make_pqr(
            actor=agent,
            team=team_a,
            customer=CustomerFactory(),
            anger_level=5 if i % 2 else None,
            assigned_to=agent,
        )
    # 6: session, user, one read of the viewer (roles, team ids used as literals in the
    # queue query, unread notifications), calendar version and filter catalogues, the
    # "assigned to" staff, the page, the count (tests/pqr/test_queue_query_budget.py).
    with django_assert_max_num_queries(6):
        response = agent_client.get(reverse("pqr:queue"), {"status": "all", "q": "cobro"})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 12])
def test_closed_queue_queries_do_not_grow_with_data(
    agent_client, agent, team_a, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        resolve_answered(make_pqr(actor=agent, team=team_a, assigned_to=agent), agent)
    with django_assert_max_num_queries(6):
        response = agent_client.get(reverse("pqr:queue"), {"status": "closed"})
    assert "Resuelta a tiempo" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_detail_queries_do_not_grow_with_history(
    agent_client, agent, reclamo, django_assert_max_num_queries, rows
):
    from customers.services import customer_tag_assign

    tags = list(DifficultyTag.objects.filter(is_active=True)[:3])
    for tag in tags:
        customer_tag_assign(customer=reclamo.customer, tag=tag, reason="r", actor=agent)
    for i in range(rows):
        message = pqr_message_add(
            pqr=reclamo, actor=agent, kind="public", body=f"Respuesta {i}", delivery=IN_PERSON
        )
        pqr_attachment_add(
            pqr=reclamo, upload=fake_upload(b"%PDF-1.4", f"a{i}.pdf"), actor=agent, message=message
        )
    # 23: the answer area and the notifications card read templates and notifications;
    # +6 for the legal panel (SLA rules once, clock, recursos, reclassification types).
    # 30: the mailbox intake's timeline entries (the PQR's emails) are one query.
    with django_assert_max_num_queries(30):
        response = agent_client.get(reverse("pqr:detail", args=[reclamo.pk]))
    assert response.status_code == 200


def test_other_team_fixture_is_really_other(team_a, team_b):
    assert TeamFactory(name="Equipo A") == team_a
    assert team_a != team_b
