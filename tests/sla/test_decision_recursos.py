"""Every decision says which recursos apply (Ley 1437 arts. 67 and 74-76, Ley 142 arts.
154-159, Ley 1755 art. 17): rejections, tacit and express desistimiento, an answer sent
without a letter or given by another channel, and the decision of a recurso. The text is
stored on the notification record and shown in the email, on the PQR page and on the
public status page.

Calendar (Colombia 2026): Monday 23 March is a holiday (San José); Thursday 2 and
Friday 3 April (Semana Santa) too.
"""

from datetime import date

import pytest
from django.core import mail

from pqr.models import CustomerNotification, NotificationDecision, ProtocolStepCode, RootCause
from pqr.services import (
    pqr_answer_send,
    pqr_desist,
    pqr_recurso_decide,
    pqr_recurso_file,
    pqr_reject,
    pqr_request_completion,
    pqr_resolve,
    protocol_step_record,
)
from sla.models import Organization
from tests.answers import IN_PERSON
from tests.customers.factories import CustomerFactory
from tests.pqr.factories import make_pqr
from tests.pqr.public_helpers import LOOKUP_URL, STATUS_URL

from .conftest import at

pytestmark = pytest.mark.django_db

UTILITY_RECURSOS = (
    "Contra esta decisión proceden los siguientes recursos: Reposición, ante Aguas del "
    "Valle E.S.P., dentro de los 5 días hábiles siguientes a la notificación; Apelación, "
    "en subsidio de la reposición, ante la Superintendencia de Servicios Públicos "
    "Domiciliarios, en el mismo escrito de la reposición"
)
PUBLIC_ONLY_REPOSICION = (
    "Contra esta decisión solo procede el recurso de reposición (Ley 1755 de 2015, art. "
    "17), ante quien firma esta decisión, en Alcaldía de Prueba, dentro de los 10 días "
    "hábiles siguientes a la notificación."
)
NONE_APPLY = "Contra esta decisión no procede ningún recurso."


def _regime(regime: str, name: str) -> None:
    Organization.objects.filter(pk=1).update(legal_regime=regime, name=name)


def _utility():
    _regime("servicios_publicos", "Aguas del Valle E.S.P.")


def _public():
    _regime("publica", "Alcaldía de Prueba")


@pytest.fixture
def filed(agent, team_a, travel):
    """A reclamo filed on Monday 16 March 2026 by a customer with an email address."""
    travel(at(2026, 3, 16, 9))
    customer = CustomerFactory(
        full_name="Rosa Elvira Cárdenas", document_number="41222333", email="rosa@example.com"
    )
    return make_pqr(
        actor=agent,
        type_code="reclamo",
        team=team_a,
        customer=customer,
        received_at=at(2026, 3, 16, 9),
    )


def _record(pqr) -> CustomerNotification:
    return CustomerNotification.objects.filter(pqr=pqr).order_by("-id").first()


def _html(message) -> str:
    return message.alternatives[0][0]


def _status_page(client, pqr) -> str:
    client.post(LOOKUP_URL, {"radicado": pqr.radicado, "identifier": "41222333"})
    return client.get(STATUS_URL).content.decode()


def test_rejection_states_reposicion_and_apelacion_of_a_public_utility_everywhere(
    filed, agent, agent_client, client, travel, django_capture_on_commit_callbacks
):
    _utility()
    travel(at(2026, 3, 18, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_reject(pqr=filed, actor=agent, reason="Lenguaje ofensivo", category="irrespetuosa")
    sent = mail.outbox[-1]
    assert UTILITY_RECURSOS in sent.body
    assert UTILITY_RECURSOS in _html(sent)
    record = _record(filed)
    assert record.decision == NotificationDecision.REJECTION
    assert UTILITY_RECURSOS in record.recursos
    page = agent_client.get(f"/pqr/{filed.pk}/").content.decode()
    assert 'data-testid="notification-recursos"' in page
    assert UTILITY_RECURSOS in page
    assert UTILITY_RECURSOS in _status_page(client, filed)
    # The 5 business days the text announces run from the notification (18 March):
    # 19, 20, 24, 25, 26 March (23 March is a holiday).
    travel(at(2026, 3, 26, 16))
    recurso = pqr_recurso_file(pqr=filed, actor=agent, kind="reposicion", grounds="No ofendí")
    assert (recurso.deadline_on, recurso.filed_late) == (date(2026, 3, 26), False)


def test_oscura_return_says_no_recurso_applies_it_is_procedural(
    filed, agent, travel, django_capture_on_commit_callbacks
):
    _public()
    travel(at(2026, 3, 18, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_reject(pqr=filed, actor=agent, reason="No se entiende qué pide", category="oscura")
    body = mail.outbox[-1].body
    assert "a más tardar el 6/04/2026" in body
    assert "acto de trámite: contra ella no procede recurso" in body
    assert "Reposición" not in body


def test_tacit_desistimiento_states_only_reposicion(
    filed, agent, travel, django_capture_on_commit_callbacks
):
    _public()
    travel(at(2026, 3, 18, 10))
    pqr_request_completion(pqr=filed, actor=agent, missing="Copia de la factura de febrero")
    travel(at(2026, 4, 21, 9))  # the customer's month ended on Monday 20 April
    with django_capture_on_commit_callbacks(execute=True):
        pqr_desist(pqr=filed, actor=agent, tacit=True, note="Venció el plazo del 20 de abril.")
    sent = mail.outbox[-1]
    assert "Tenía plazo hasta el 20/04/2026" in sent.body
    assert PUBLIC_ONLY_REPOSICION in sent.body
    assert PUBLIC_ONLY_REPOSICION in _html(sent)
    assert "Apelación" not in sent.body
    assert _record(filed).recursos == PUBLIC_ONLY_REPOSICION


def test_express_desistimiento_says_no_recurso_applies(
    filed, agent, travel, django_capture_on_commit_callbacks
):
    _public()
    travel(at(2026, 3, 19, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_desist(pqr=filed, actor=agent, tacit=False, note="Retiró la petición por escrito.")
    body = mail.outbox[-1].body
    assert "Contra el archivo por su propio desistimiento no procede ningún recurso" in body
    assert "Reposición" not in body


def _protocol_done(pqr, agent):
    for step in ProtocolStepCode.values:
        protocol_step_record(
            pqr=pqr, step=step, actor=agent, note="Hecho", compensation_kind="none"
        )


def test_answer_without_a_letter_states_the_recursos_in_the_email_body(
    filed, agent, travel, django_capture_on_commit_callbacks
):
    _utility()
    _protocol_done(filed, agent)
    travel(at(2026, 4, 6, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_answer_send(
            pqr=filed,
            actor=agent,
            body="Revisamos la lectura del medidor y el cobro es correcto.",
            resolve=True,
            root_cause=RootCause.objects.first(),
        )
    sent = mail.outbox[-1]
    assert not sent.attachments  # no letter
    assert UTILITY_RECURSOS in sent.body
    assert UTILITY_RECURSOS in _html(sent)


def test_answer_that_already_states_the_recursos_does_not_repeat_them(
    filed, agent, travel, django_capture_on_commit_callbacks
):
    _utility()
    travel(at(2026, 4, 6, 10))
    record_text = (
        "El cobro es correcto.\n\nContra esta decisión proceden los siguientes recursos: "
        "Reposición, ante Aguas del Valle E.S.P., dentro de los 5 días hábiles siguientes a "
        "la notificación; Apelación, en subsidio de la reposición, ante la Superintendencia "
        "de Servicios Públicos Domiciliarios, en el mismo escrito de la reposición, dentro "
        "de los 5 días hábiles siguientes a la notificación."
    )
    with django_capture_on_commit_callbacks(execute=True):
        pqr_answer_send(pqr=filed, actor=agent, body=record_text)
    assert mail.outbox[-1].body.count("proceden los siguientes recursos") == 1


def test_answer_given_in_person_records_the_recursos_told(filed, agent, agent_client, travel):
    _utility()
    _protocol_done(filed, agent)
    travel(at(2026, 4, 6, 10))
    pqr_answer_send(
        pqr=filed,
        actor=agent,
        body="Se le explicó en la oficina que el cobro es correcto.",
        delivery=IN_PERSON,
        resolve=True,
        root_cause=RootCause.objects.first(),
    )
    record = _record(filed)
    assert (record.channel, record.notified_on) == ("in_person", date(2026, 4, 6))
    assert UTILITY_RECURSOS in record.recursos
    page = agent_client.get(f"/pqr/{filed.pk}/").content.decode()
    assert UTILITY_RECURSOS in page


def test_private_company_answer_says_no_recurso_applies(
    filed, agent, travel, django_capture_on_commit_callbacks
):
    travel(at(2026, 4, 6, 10))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_answer_send(pqr=filed, actor=agent, body="El cobro es correcto.")
    assert NONE_APPLY in mail.outbox[-1].body
    assert _record(filed).recursos == NONE_APPLY


@pytest.fixture
def utility_decided(filed, agent, travel):
    """Answered in person and resolved on Monday 6 April 2026 (public utility)."""
    _utility()
    _protocol_done(filed, agent)
    travel(at(2026, 4, 6, 10))
    pqr_answer_send(pqr=filed, actor=agent, body="El cobro es correcto.", delivery=IN_PERSON)
    pqr_resolve(pqr=filed, actor=agent, root_cause=RootCause.objects.first())
    return filed


def test_reposicion_with_apelacion_decided_is_notified_and_sends_the_apelacion_on(
    utility_decided, agent, agent_client, client, travel, django_capture_on_commit_callbacks
):
    pqr = utility_decided
    travel(at(2026, 4, 8, 9))
    recurso = pqr_recurso_file(
        pqr=pqr, actor=agent, kind="reposicion_apelacion", grounds="La lectura está errada"
    )
    travel(at(2026, 4, 20, 9))
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(
            f"/pqr/{pqr.pk}/recursos/{recurso.pk}/",
            {"step": "decide", "decision": "Se confirma el cobro.", "nrecurso_decide-channel": ""},
        )
    assert response.status_code == 302
    sent = mail.outbox[-1]
    assert sent.subject == f"Decisión sobre su recurso, solicitud {pqr.radicado}"
    assert "que presentó el 8/04/2026" in sent.body
    assert "Se confirma el cobro." in sent.body
    remaining = (
        "Contra esta decisión no procede otro recurso; la apelación que usted presentó en "
        "subsidio se envía a la Superintendencia de Servicios Públicos Domiciliarios"
    )
    assert remaining in sent.body
    assert remaining in _html(sent)
    record = _record(pqr)
    assert record.decision == NotificationDecision.RECURSO
    assert remaining in record.recursos
    assert remaining in _status_page(client, pqr)


def test_reposicion_alone_decided_says_no_other_recurso(
    utility_decided, agent, travel, django_capture_on_commit_callbacks
):
    travel(at(2026, 4, 8, 9))
    recurso = pqr_recurso_file(pqr=utility_decided, actor=agent, kind="reposicion", grounds="x")
    travel(at(2026, 4, 20, 9))
    with django_capture_on_commit_callbacks(execute=True):
        pqr_recurso_decide(recurso=recurso, actor=agent, decision="Se confirma.")
    assert "Contra esta decisión no procede ningún otro recurso." in mail.outbox[-1].body


def test_recurso_decision_without_email_needs_a_channel_and_keeps_the_text(
    agent, agent_client, team_a, travel
):
    _utility()
    travel(at(2026, 3, 16, 9))
    pqr = make_pqr(actor=agent, type_code="peticion", team=team_a, received_at=at(2026, 3, 16, 9))
    travel(at(2026, 4, 6, 10))
    pqr_answer_send(pqr=pqr, actor=agent, body="Respuesta.", delivery=IN_PERSON, resolve=True)
    travel(at(2026, 4, 8, 9))
    recurso = pqr_recurso_file(pqr=pqr, actor=agent, kind="reposicion", grounds="x")
    url = f"/pqr/{pqr.pk}/recursos/{recurso.pk}/"
    response = agent_client.post(url, {"step": "decide", "decision": "Se confirma lo decidido."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Se confirma lo decidido." in page  # nothing typed is lost
    assert '<details data-testid="recursos" open>' in page  # shown where it was typed
    assert 'data-testid="no-channel-warning"' in page
    recurso.refresh_from_db()
    assert recurso.decided_on is None
    agent_client.post(
        url,
        {
            "step": "decide",
            "decision": "Se confirma lo decidido.",
            "nrecurso_decide-channel": "in_person",
            "nrecurso_decide-constancia": "Se le leyó la decisión en la oficina.",
        },
    )
    recurso.refresh_from_db()
    assert recurso.decided_on == date(2026, 4, 8)
    assert "no procede ningún otro recurso" in _record(pqr).recursos


def test_public_status_page_without_decision_shows_no_recursos(filed, client):
    assert 'data-testid="lookup-recursos"' not in _status_page(client, filed)
