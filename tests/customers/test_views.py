import json

import pytest
from django.urls import reverse

from customers.models import Customer, CustomerAudit, CustomerTagAssignment
from customers.services import customer_tag_assign

from .factories import CustomerFactory


def test_anonymous_user_is_redirected_to_login(client, customer):
    for url in (
        reverse("customers:search"),
        reverse("customers:detail", args=[customer.pk]),
        reverse("customers:list"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/cuenta/login/" in response["Location"]


def test_anonymous_user_cannot_post_profile_actions(client, customer, tag_enojado):
    from customers.models import ConsentRecord

    posts = {
        reverse("customers:consent_grant", args=[customer.pk]): {
            "channel": "web",
            "confirm": "on",
        },
        reverse("customers:tag_assign", args=[customer.pk]): {
            "tag": tag_enojado.pk,
            "reason": "x",
        },
        reverse("customers:consent_revoke", args=[customer.pk]): {},
    }
    for url, data in posts.items():
        response = client.post(url, data)
        assert response.status_code == 302
        assert "/cuenta/login/" in response["Location"]
    assert not ConsentRecord.objects.exists()
    assert not CustomerTagAssignment.objects.exists()


def test_agent_cannot_merge(agent_client, customer):
    other = CustomerFactory()
    response = agent_client.post(
        reverse("customers:merge", args=[customer.pk]), {"duplicate": other.pk, "confirm": "on"}
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.is_active


def test_agent_cannot_anonymise(agent_client, customer):
    response = agent_client.post(
        reverse("customers:anonymise", args=[customer.pk]), {"confirm": "on"}
    )
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.full_name == "María Fernanda Ramírez"


def test_supervisor_cannot_anonymise(supervisor_client, customer):
    response = supervisor_client.post(
        reverse("customers:anonymise", args=[customer.pk]), {"confirm": "on"}
    )
    assert response.status_code == 403


def test_agent_cannot_open_supervisor_list(agent_client):
    assert agent_client.get(reverse("customers:list")).status_code == 403


def test_supervisor_merges_from_the_page(supervisor_client, customer):
    other = CustomerFactory()
    response = supervisor_client.post(
        reverse("customers:merge", args=[customer.pk]), {"duplicate": other.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    assert CustomerAudit.objects.filter(action="merge", customer=customer).exists()


def test_administrator_anonymises_from_the_page(admin_client_role, customer):
    response = admin_client_role.post(
        reverse("customers:anonymise", args=[customer.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.email == ""


def test_administrator_exports_json_with_tags(
    admin_client_role, customer, administrator, tag_enojado
):
    customer_tag_assign(customer=customer, tag=tag_enojado, reason="gritó", actor=administrator)
    response = admin_client_role.get(reverse("customers:export", args=[customer.pk, "json"]))
    data = json.loads(response.content)
    assert data["cliente"]["full_name"] == "María Fernanda Ramírez"
    assert data["customers.customertagassignment"][0]["reason"] == "gritó"
    assert CustomerAudit.objects.filter(action="export").exists()


def test_administrator_exports_csv(admin_client_role, customer):
    response = admin_client_role.get(reverse("customers:export", args=[customer.pk, "csv"]))
    assert "52123456" in response.getvalue().decode()


def test_guidance_is_shown_prominently_on_the_profile(agent_client, customer, agent, tag_enojado):
    customer_tag_assign(customer=customer, tag=tag_enojado, reason="Gritó", actor=agent)
    html = agent_client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert 'data-testid="guidance"' in html
    assert tag_enojado.guidance[:40] in html
    assert "Nunca reducen la atención" in html


def test_agent_assigns_tag_from_profile_with_reason(agent_client, customer, tag_enojado):
    agent_client.post(
        reverse("customers:tag_assign", args=[customer.pk]),
        {"tag": tag_enojado.pk, "reason": "Amenazó con demandar"},
    )
    assert CustomerTagAssignment.objects.get(customer=customer).reason == "Amenazó con demandar"


def test_tag_without_reason_is_refused_from_profile(agent_client, customer, tag_enojado):
    agent_client.post(
        reverse("customers:tag_assign", args=[customer.pk]), {"tag": tag_enojado.pk, "reason": ""}
    )
    assert not CustomerTagAssignment.objects.exists()


def test_refused_tag_keeps_the_reason_typed(agent_client, customer, tag_enojado):
    customer_tag_assign(customer=customer, tag=tag_enojado, reason="Primera vez", actor=None)
    response = agent_client.post(
        reverse("customers:tag_assign", args=[customer.pk]),
        {"tag": tag_enojado.pk, "reason": "Volvió a gritar en la ventanilla"},
    )
    assert response.status_code == 400
    assert "Volvió a gritar en la ventanilla" in response.content.decode()


def test_agent_removes_tag_with_reason_and_history_shows_it(
    agent_client, customer, agent, tag_enojado
):
    assignment = customer_tag_assign(
        customer=customer, tag=tag_enojado, reason="Gritó", actor=agent
    )
    agent_client.post(
        reverse("customers:tag_remove", args=[customer.pk, assignment.pk]),
        {"reason": "Trato cordial en los últimos contactos"},
    )
    html = agent_client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    assert 'data-testid="guidance"' not in html
    assert "Trato cordial en los últimos contactos" in html


def test_search_page_finds_by_name_without_accents(agent_client, customer):
    html = agent_client.post(reverse("customers:search"), {"q": "ramirez"}).content.decode()
    assert "María Fernanda Ramírez" in html


def _create_payload(**overrides):
    payload = {
        "person_type": "natural",
        "document_type": "CC",
        "document_number": "1.020.304.050",
        "full_name": "Laura Gómez",
        "email": "laura@example.co",
        "phone": "3001234567",
        "preferred_channel": "email",
        "consent_given": "on",
        "consent_channel": "phone",
    }
    payload.update(overrides)
    return payload


def test_create_page_saves_customer_with_verbal_consent(agent_client):
    response = agent_client.post(reverse("customers:create"), _create_payload())
    customer = Customer.objects.get(document_number="1020304050")
    assert response.status_code == 302
    assert customer.consents.get().channel == "phone"


def test_create_page_links_existing_profile_with_same_document(agent_client, customer):
    response = agent_client.post(
        reverse("customers:create"), _create_payload(document_number="52.123.456")
    )
    html = response.content.decode()
    assert "Ya existe un cliente con este documento" in html
    assert reverse("customers:detail", args=[customer.pk]) in html
    assert 'value="Laura Gómez"' in html


def test_create_page_warns_on_same_email_until_confirmed(agent_client, customer):
    payload = _create_payload(email=customer.email)
    html = agent_client.post(reverse("customers:create"), payload).content.decode()
    assert reverse("customers:detail", args=[customer.pk]) in html
    assert not Customer.objects.filter(document_number="1020304050").exists()
    agent_client.post(reverse("customers:create"), {**payload, "confirm_duplicates": "on"})
    assert Customer.objects.filter(document_number="1020304050").exists()


def test_create_page_shows_nit_check_digit_error(agent_client):
    html = agent_client.post(
        reverse("customers:create"),
        _create_payload(person_type="juridica", document_type="NIT", document_number="890903938-3"),
    ).content.decode()
    assert "dígito de verificación" in html


def test_create_requires_consent(agent_client):
    payload = _create_payload()
    del payload["consent_given"]
    agent_client.post(reverse("customers:create"), payload)
    assert not Customer.objects.exists()


def test_supervisor_list_filters_by_tag_and_exports_csv(supervisor_client, supervisor, tag_enojado):
    tagged = CustomerFactory(full_name="Con Etiqueta")
    CustomerFactory(full_name="Sin Etiqueta")
    customer_tag_assign(customer=tagged, tag=tag_enojado, reason="x", actor=supervisor)
    html = supervisor_client.get(
        reverse("customers:list"), {"tag": tag_enojado.pk}
    ).content.decode()
    assert "Con Etiqueta" in html
    assert "Sin Etiqueta" not in html
    response = supervisor_client.get(
        reverse("customers:list"), {"city": "Bogotá", "formato": "csv"}
    )
    body = b"".join(response.streaming_content).decode()
    assert "Con Etiqueta" in body
    assert "Sin Etiqueta" in body


@pytest.mark.parametrize("count", [3, 30])
def test_search_page_query_count_is_constant(agent_client, django_assert_max_num_queries, count):
    CustomerFactory.create_batch(count, full_name="Pedro Pérez")
    with django_assert_max_num_queries(6):
        response = agent_client.post(reverse("customers:search"), {"q": "perez"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_profile_query_count_is_constant(
    agent_client, agent, customer, django_assert_max_num_queries, count
):
    from customers.models import DifficultyTag
    from customers.services import consent_record, customer_tag_remove, customer_update
    from pqr.models import Team
    from tests.customers.test_with_pqr import make_pqr

    Team.objects.get_or_create(name="Servicio al cliente")[0].members.add(agent)
    for tag in DifficultyTag.objects.all()[:3]:
        for i in range(count // 2):
            a = customer_tag_assign(customer=customer, tag=tag, reason=f"r{i}", actor=agent)
            customer_tag_remove(assignment=a, reason="ok", actor=agent)
        customer_tag_assign(customer=customer, tag=tag, reason="vigente", actor=agent)
    for i in range(count):
        consent_record(
            customer=customer,
            channel="web",
            actor=agent,
            purposes=["atencion_pqr", "encuestas_satisfaccion"],
        )
        customer_update(customer=customer, actor=agent, city=f"Ciudad {i}")
        make_pqr(customer)
    # 19: the timeline and the tag form read the agent's team ids, to offer and show
    # only PQRs the agent may open, and so does the profile's own scope check.
    with django_assert_max_num_queries(19):
        response = agent_client.get(reverse("customers:detail", args=[customer.pk]))
    assert response.status_code == 200


def test_edit_page_updates_contact_and_normalises_phone(agent_client, customer):
    payload = {
        "person_type": "natural",
        "document_type": "CC",
        "document_number": customer.document_number,
        "full_name": customer.full_name,
        "email": "nuevo@example.co",
        "phone": "310 555 0000",
        "preferred_channel": "phone",
    }
    response = agent_client.post(reverse("customers:edit", args=[customer.pk]), payload)
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.phone == "3105550000"
    assert customer.email == "nuevo@example.co"


def test_edit_page_refuses_another_customers_document(agent_client, customer, agent):
    other = CustomerFactory(document_number="80111222", created_by=agent)
    payload = {
        "person_type": "natural",
        "document_type": "CC",
        "document_number": "80.111.222",
        "full_name": customer.full_name,
        "preferred_channel": "phone",
    }
    html = agent_client.post(
        reverse("customers:edit", args=[customer.pk]), payload
    ).content.decode()
    assert reverse("customers:detail", args=[other.pk]) in html
    customer.refresh_from_db()
    assert customer.document_number == "52123456"


def test_search_page_links_the_list_for_supervisors_only(agent_client, supervisor_client):
    list_url = reverse("customers:list")
    assert list_url in supervisor_client.get(reverse("customers:search")).content.decode()
    assert list_url not in agent_client.get(reverse("customers:search")).content.decode()


def test_search_keeps_the_query_out_of_urls(agent_client, agent):
    for n in range(30):
        CustomerFactory(full_name=f"Pedro Pérez {n}", created_by=agent)
    body = agent_client.post(reverse("customers:search"), {"q": "perez"}).content.decode()
    assert "Pedro Pérez" in body
    assert "q=" not in body  # pages are posted, never linked with the query
    second = agent_client.post(reverse("customers:search"), {"q": "perez", "page": "2"})
    assert "Página 2" in second.content.decode()
