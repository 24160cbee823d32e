"""The agent journey in Debian's chromium: register a phone reclamo for an existing
customer, walk the six protocol steps, answer, resolve with a root cause."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from customers.models import DifficultyTag
from customers.services import consent_record, customer_tag_assign
from pqr.models import MessageKind, Pqr, ProtocolStep, RootCause, Status
from pqr.services import pqr_anger_record, pqr_assign, pqr_message_add, pqr_transition
from tests.browser import launch, shot
from tests.factories import UserFactory

from .factories import CustomerFactory, TeamFactory, make_pqr

STEP_NOTES = {
    1: "Le pedí disculpas por el cobro que no reconoce y por la espera en la línea.",
    2: "Escuché todo el relato sin interrumpir; el cobro aparece desde agosto.",
    3: "Le propuse revertir el cobro o abonarlo a la próxima factura; prefiere la reversión.",
    4: "Se reversa el cobro de reconexión.",
    5: "Dejamos la factura por correo, como pidió, y anotamos su horario para llamarla.",
    6: "Confirmó por teléfono que la solución le sirve.",
}
# A realistic team queue behind the journey: (type, subject, customer, state, anger)
QUEUE = [
    ("peticion", "Copia de la factura de septiembre", "Héctor Fabio Londoño", None, None),
    ("queja", "Esperó dos horas en la sede del centro", "Gloria Inés Cárdenas", "en_tramite", 5),
    ("reclamo", "Le cobraron un equipo que devolvió", "Transportes Sabana S.A.S.", "asignado", 3),
    ("consulta", "Requisitos para cambiar el titular", None, None, None),
    ("peticion_informacion", "Historial de pagos del año", "Paula Zapata", "asignado", None),
    ("reclamo", "Servicio suspendido estando al día", "Julián Úsuga", "en_espera_cliente", 4),
    ("sugerencia", "Abrir la sede los sábados en la tarde", "Mónica Duque Arango", None, None),
    ("garantia", "La nevera dejó de enfriar a los dos meses", "Óscar Iván Mejía", "en_tramite", 2),
]  # fmt: skip


def _team_queue(agent, teammate, team) -> None:
    # Office hours, over the last nine days.
    now = timezone.localtime().replace(hour=8, minute=10, second=0, microsecond=0)
    for i, (code, subject, name, state, anger) in enumerate(QUEUE):
        customer = CustomerFactory(full_name=name) if name else None
        pqr = make_pqr(
            actor=agent,
            team=team,
            type_code=code,
            subject=subject,
            customer=customer,
            channel=["telefono", "web", "email", "presencial"][i % 4],
            verbal_constancia="Atención verbal registrada.",
            received_at=now - timedelta(days=9 - i) + timedelta(minutes=50 * i),
            priority="derecho_fundamental" if i == 4 else "normal",
        )
        if state:
            pqr_assign(pqr=pqr, actor=agent, assigned_to=teammate if i % 2 else agent)
        if state in ("en_tramite", "en_espera_cliente"):
            pqr_transition(pqr=pqr, to_status=Status.EN_TRAMITE, actor=agent)
        if state == "en_espera_cliente":
            pqr_transition(
                pqr=pqr, to_status=state, actor=agent, note="Falta el paz y salvo del banco"
            )
        if anger:
            pqr_anger_record(pqr=pqr, level=anger, actor=agent)


def _login(page, base_url: str, username: str) -> None:
    page.goto(base_url + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "a-Strong-pass-123")
    page.get_by_role("button", name="Ingresar").click()


@pytest.mark.browser
def test_agent_registers_phone_reclamo_walks_protocol_and_resolves(live_server):
    from playwright.sync_api import expect, sync_playwright

    agent = UserFactory(
        username="carolina.agente", first_name="Carolina", last_name="Restrepo", role=Role.AGENT
    )
    teammate = UserFactory(
        username="laura.agente", first_name="Laura", last_name="Gómez", role=Role.AGENT
    )
    team = TeamFactory(name="Atención al cliente")
    team.members.add(agent, teammate)
    TeamFactory(name="Facturación")
    _team_queue(agent, teammate, team)
    customer = CustomerFactory(
        full_name="Luz Marina Ospina Betancur",
        document_number="52987654",
        city="Pereira",
        email="luz.ospina@example.com",
    )
    consent_record(
        customer=customer,
        channel="phone",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    customer_tag_assign(
        customer=customer,
        tag=DifficultyTag.objects.get(slug="enojado"),
        reason="En la llamada anterior levantó la voz por el mismo cobro.",
        actor=agent,
    )
    earlier = make_pqr(actor=agent, team=team, customer=customer, subject="Factura sin detalle")
    pqr_message_add(
        pqr=earlier, actor=agent, kind=MessageKind.PUBLIC_ANSWER, body="Enviamos el detalle."
    )

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        _login(page, live_server.url, "carolina.agente")

        # Intake: find the customer by document (typed with dots), pick the channel...
        page.goto(live_server.url + reverse("pqr:create"))
        page.get_by_label("Buscar por documento, nombre, correo o teléfono").fill("52.987.654")
        page.get_by_role("listitem").filter(has_text="Luz Marina Ospina Betancur").click()
        expect(page.locator("#selected-customer")).to_contain_text("CC 52987654")
        page.select_option("#id_channel", "telefono")
        page.select_option("#id_pqr_type", label="Reclamo")
        page.select_option("#id_team", label="Atención al cliente")
        page.select_option("#id_moment_of_truth", label="Llamada telefónica")
        page.fill("#id_subject", "Cobro de reconexión sin haber tenido corte")
        page.fill(
            "#id_description",
            "La factura de octubre trae un cobro de reconexión por $45.000, pero el "
            "servicio nunca se suspendió. Pide que se reverse.",
        )
        page.fill(
            "#id_verbal_constancia",
            "Pidió reversar el cobro de reconexión. Se le explicó que se revisa el "
            "historial de cortes y se le responde por correo.",
        )
        page.select_option("#id_anger_level", "3")
        shot(page, "pqr-create.png")
        page.get_by_role("button", name="Radicar").click()

        pqr = Pqr.objects.exclude(pk=earlier.pk).get(customer=customer)
        expect(page.get_by_role("alert").first).to_contain_text(pqr.radicado)
        assert pqr.channel == "telefono"
        assert pqr.anger_level_at_intake == 3
        expect(page.get_by_text("En la llamada anterior levantó la voz")).to_be_visible()

        # ...take it...
        assign = page.locator("form[action$='/asignar/']")
        page.locator("summary", has_text="Asignar").click()
        assign.locator("select[name=assigned_to]").select_option(label="Carolina Restrepo")
        assign.get_by_role("button", name="Asignar").click()
        expect(page.get_by_text("Asignación actualizada.")).to_be_visible()

        # ...the six steps on the one checklist, saved together.
        protocol = page.get_by_test_id("protocol-checklist")
        for step, note in STEP_NOTES.items():
            fieldset = protocol.locator(f"fieldset[data-step='{step}']")
            fieldset.get_by_label("Hecho").check()
            fieldset.locator("textarea").fill(note)
        protocol.get_by_label("Compensación").select_option("refund")
        protocol.get_by_label("Valor (COP)").fill("45.000")
        protocol.get_by_role("button", name="Guardar el protocolo").click()
        expect(page.get_by_text("6 pasos del protocolo registrados.")).to_be_visible()
        assert ProtocolStep.objects.filter(pqr=pqr).count() == 6
        expect(page.locator("#protocolo li .bi-check-circle-fill")).to_have_count(6)

        # ...and "Responder y resolver": the answer, its root cause, one submit.
        answer = page.locator("#answer-form")
        answer.locator("#answer-body").fill(
            "Revisamos el historial: su servicio no tuvo corte en octubre. Reversamos el "
            "cobro de reconexión ($45.000); lo verá como saldo a favor en la próxima factura."
        )
        answer.locator("select[name=root_cause]").select_option(label="Falla de proceso")
        answer.get_by_role("button", name="Responder y resolver").click()
        expect(page.get_by_text("Respuesta enviada y PQR resuelta.")).to_be_visible()
        expect(page.locator("h1 .badge").first).to_have_text("Resuelto")
        pqr.refresh_from_db()
        assert pqr.status == Status.RESUELTO
        assert pqr.assigned_to == agent
        assert pqr.root_cause == RootCause.objects.get(code="falla_proceso")
        assert pqr.first_responded_at is not None
        shot(page, "pqr-detail.png")

        page.goto(live_server.url + reverse("pqr:queue"))
        expect(page.get_by_role("link", name=earlier.radicado)).to_be_visible()
        expect(page.get_by_role("link", name=pqr.radicado)).to_have_count(0)
        shot(page, "pqr-queue.png")

        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": live_server.url}]
        )
        page.reload()
        expect(page.get_by_role("heading", name="My queue")).to_be_visible()
        shot(page, "pqr-queue-en.png")
        browser.close()


@pytest.mark.browser
def test_agent_registers_a_new_customer_inline_while_filing(live_server):
    from playwright.sync_api import expect, sync_playwright

    from customers.models import ConsentRecord, Customer

    agent = UserFactory(username="sofia.agente", first_name="Sofía", role=Role.AGENT)
    TeamFactory(name="Atención al cliente").members.add(agent)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="es-CO")
        _login(page, live_server.url, "sofia.agente")
        page.goto(live_server.url + reverse("pqr:create"))
        page.get_by_label("Buscar por documento, nombre, correo o teléfono").fill("1.020.304.050")
        page.get_by_role("button", name="Registrarlo aquí").click()
        fieldset = page.locator("#new-customer")
        expect(fieldset).to_be_visible()
        expect(fieldset.get_by_label("Número de documento")).to_have_value("1.020.304.050")
        fieldset.get_by_label("Nombre o razón social").fill("Rosa Elena Cárdenas Peña")
        fieldset.get_by_label("Correo electrónico").fill("rosa.cardenas@example.com")
        fieldset.get_by_label("Teléfono", exact=True).fill("310 444 5566")
        fieldset.get_by_label("Ciudad o municipio").fill("Manizales")
        fieldset.get_by_label("El cliente autorizó el tratamiento").check()
        page.select_option("#id_channel", "presencial")
        page.select_option("#id_pqr_type", label="Petición")
        page.select_option("#id_team", label="Atención al cliente")
        page.fill("#id_subject", "Copia del contrato de servicio")
        page.fill("#id_description", "Pide copia del contrato que firmó en la sede en 2024.")
        page.fill("#id_verbal_constancia", "Se le indicó que la copia llega a su correo.")
        fieldset.get_by_label("¿Cómo dio la autorización?").select_option("in_person")
        shot(page, "pqr-create-new-customer.png")
        page.get_by_role("button", name="Radicar").click()

        expect(page.get_by_role("alert").first).to_contain_text("PQR radicada")
        customer = Customer.objects.get(document_number="1020304050")
        pqr = Pqr.objects.get(customer=customer)
        expect(page.get_by_role("alert").first).to_contain_text(pqr.radicado)
        assert customer.phone == "3104445566"
        assert ConsentRecord.objects.get(customer=customer).channel == "in_person"
        browser.close()
