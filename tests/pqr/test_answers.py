"""No "resolved" without an answer that went out; "Responder y resolver" in one submit;
the survey and the status page's "we answered" only after the answer went out."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pqr.models import (
    AnswerLetter,
    CustomerNotification,
    LetterCounter,
    PqrMessage,
    Status,
)
from pqr.notify import Delivery
from pqr.services import pqr_answer_send, pqr_reopen, pqr_resolve
from surveys.models import SatisfactionSurvey
from tests.answers import IN_PERSON, resolve_answered
from tests.factories import UserFactory
from tests.pqr.refused import back_on_the_pqr_page

from .factories import CustomerFactory, make_pqr
from .public_helpers import LOOKUP_URL, STATUS_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_with_email(db):
    from customers.services import consent_record

    customer = CustomerFactory(
        full_name="Ana Lucía Pérez", email="ana.perez@example.com", document_number="43111222"
    )
    consent_record(
        customer=customer,
        channel="phone",
        actor=None,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    return customer


@pytest.fixture
def emailed(agent, team_a, customer_with_email):
    return make_pqr(actor=agent, team=team_a, customer=customer_with_email, assigned_to=agent)


def _answer(client, pqr, do="resolve", follow=False, **data):
    return client.post(reverse("pqr:answer", args=[pqr.pk]), {"do": do, **data}, follow=follow)


def test_resolve_without_an_answer_is_refused_with_what_to_do(agent, agent_client, peticion):
    with pytest.raises(ValidationError, match="Responder y resolver"):
        pqr_resolve(pqr=peticion, actor=agent)
    response = agent_client.post(
        reverse("pqr:transition", args=[peticion.pk, "resolve"]), follow=True
    )
    body = back_on_the_pqr_page(response, peticion)
    assert "No se puede resolver sin una respuesta de fondo que le haya llegado al cliente" in body
    assert "registre allí la respuesta que ya le dio por otro canal" in body
    peticion.refresh_from_db()
    assert peticion.status == Status.RADICADO


def test_answer_and_resolve_is_one_submit_and_the_email_goes_after_commit(
    agent_client, emailed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(
            agent_client, emailed, body="Reversamos el cobro duplicado de $45.000.", letter="on"
        )
    assert response.status_code == 302
    emailed.refresh_from_db()
    assert emailed.status == Status.RESUELTO
    notification = CustomerNotification.objects.get(pqr=emailed, decision="answer")
    assert notification.channel == "email"
    assert notification.address == "ana.perez@example.com"
    assert notification.status == "sent"
    assert notification.smtp_message_id.startswith("<pqr-email-")
    answer_mail = next(m for m in mail.outbox if "Respuesta a su solicitud" in m.subject)
    assert "Reversamos el cobro duplicado" in answer_mail.body
    assert answer_mail.extra_headers["Message-ID"] == notification.smtp_message_id
    (name, content, mimetype) = answer_mail.attachments[0]
    letter = AnswerLetter.objects.get(pqr=emailed)
    assert (name, mimetype) == (f"{letter.number}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")


def test_answer_by_another_channel_with_its_date_is_accepted(agent, agent_client, peticion):
    day = timezone.localdate() - timedelta(days=2)
    response = _answer(
        agent_client,
        peticion,
        body="Le explicamos en la sede que el certificado queda listo el viernes.",
        **{
            "nanswer-channel": "in_person",
            "nanswer-notified_on": day.isoformat(),
            "nanswer-constancia": "Atendido en ventanilla 3; firmó el recibido.",
        },
    )
    assert response.status_code == 302
    peticion.refresh_from_db()
    assert peticion.status == Status.RESUELTO
    notification = CustomerNotification.objects.get(pqr=peticion)
    assert (notification.channel, notification.status) == ("in_person", "delivered")
    assert notification.notified_on == day
    assert "ventanilla 3" in notification.constancia


def test_another_channel_needs_its_proof_and_a_past_date(agent, peticion):
    with pytest.raises(ValidationError, match="número de guía"):
        pqr_answer_send(
            pqr=peticion,
            actor=agent,
            body="Respuesta por correo certificado.",
            delivery=Delivery(channel="post", address="Calle 10 # 4-20, Pereira"),
            resolve=True,
        )
    with pytest.raises(ValidationError, match="futuro"):
        pqr_answer_send(
            pqr=peticion,
            actor=agent,
            body="Respuesta por teléfono.",
            delivery=Delivery(
                channel="phone",
                constancia="Llamada al 310...",
                notified_on=timezone.localdate() + timedelta(days=1),
            ),
        )
    assert not PqrMessage.objects.filter(pqr=peticion).exists()


def test_answer_on_a_pqr_without_email_asks_for_the_channel_and_keeps_the_text(
    agent_client, peticion
):
    response = _answer(
        agent_client, peticion, body="Texto largo de la respuesta al ciudadano", follow=True
    )
    body = back_on_the_pqr_page(response, peticion)
    assert "Esta PQR no tiene correo: el cliente no se enteraría" in body
    assert "Texto largo de la respuesta al ciudadano" in body
    assert not PqrMessage.objects.filter(pqr=peticion).exists()


def test_a_refused_resolution_writes_no_answer_and_takes_no_number(agent, reclamo):
    # The reclamo has not walked the protocol: refused before anything is written.
    with pytest.raises(ValidationError, match="faltan pasos del protocolo"):
        pqr_answer_send(
            pqr=reclamo,
            actor=agent,
            body="Respuesta",
            delivery=IN_PERSON,
            resolve=True,
            letter=True,
        )
    assert not PqrMessage.objects.filter(pqr=reclamo).exists()
    assert not LetterCounter.objects.exists()


def test_the_resolver_becomes_the_owner_of_an_unassigned_pqr(agent, peticion):
    assert peticion.assigned_to is None
    resolve_answered(peticion, agent)
    peticion.refresh_from_db()
    assert peticion.assigned_to == agent


def test_assign_me_gives_the_pqr_to_the_agent_in_one_click(agent, agent_client, peticion):
    page = agent_client.get(reverse("pqr:detail", args=[peticion.pk])).content.decode()
    assert "Asignarme" in page
    agent_client.post(reverse("pqr:assign_me", args=[peticion.pk]))
    peticion.refresh_from_db()
    assert peticion.assigned_to == agent
    assert peticion.status == Status.ASIGNADO


def test_a_felicitacion_without_contact_closes_with_a_short_acknowledgement(agent, team_a):
    praise = make_pqr(actor=agent, team=team_a, type_code="felicitacion")
    pqr_answer_send(
        pqr=praise,
        actor=agent,
        body="¡Gracias!",
        delivery=Delivery(channel="none"),
        resolve=True,
    )
    praise.refresh_from_db()
    assert praise.status == Status.RESUELTO
    assert not CustomerNotification.objects.filter(pqr=praise).exists()


def test_a_peticion_cannot_be_closed_without_telling_anyone(agent, peticion):
    with pytest.raises(ValidationError, match="Indique por qué canal"):
        pqr_answer_send(
            pqr=peticion,
            actor=agent,
            body="Listo.",
            delivery=Delivery(channel="none"),
            resolve=True,
        )


def test_a_reopened_pqr_needs_a_new_answer(agent, peticion):
    resolve_answered(peticion, agent)
    pqr_reopen(pqr=peticion, actor=agent, reason="El cliente aportó un hecho nuevo")
    with pytest.raises(ValidationError, match="respuesta de fondo"):
        pqr_resolve(pqr=peticion, actor=agent)
    resolve_answered(peticion, agent, body="Con el hecho nuevo, corregimos la factura.")
    peticion.refresh_from_db()
    assert peticion.status == Status.RESUELTO


def test_a_failed_answer_does_not_count(agent, emailed):
    from pqr.notification_status import notification_mark_failed

    pqr_answer_send(pqr=emailed, actor=agent, body="Primera respuesta.")
    notification_mark_failed(
        customer_email_id=CustomerNotification.objects.get(pqr=emailed).customer_email_id,
        reason="550 No such user here",
    )
    with pytest.raises(ValidationError, match="respuesta de fondo"):
        pqr_resolve(pqr=emailed, actor=agent)


def test_survey_and_we_answered_text_only_after_the_answer_went_out(
    agent, client, emailed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pqr_answer_send(pqr=emailed, actor=agent, body="Le devolvimos el dinero.", resolve=True)
    # Resolved, but the answer's email has not been accepted yet.
    client.post(LOOKUP_URL, {"radicado": emailed.radicado, "identifier": "43111222"})
    page = client.get(STATUS_URL).content.decode()
    assert "Le estamos haciendo llegar la respuesta" in page
    assert "Dimos respuesta a su solicitud" not in page
    # Run the survey task before the email (as a busy worker might): it sends nothing.
    survey_task_first = sorted(callbacks, key=lambda c: "surveys.tasks" not in repr(c))
    survey_task_first[0]()
    assert not SatisfactionSurvey.objects.filter(pqr=emailed, sent_at__isnull=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in survey_task_first[1:]:
            callback()
    assert SatisfactionSurvey.objects.get(pqr=emailed).sent_at is not None
    page = client.get(STATUS_URL).content.decode()
    assert "Dimos respuesta a su solicitud. La encontrará más abajo." in page
    subjects = [m.subject for m in mail.outbox]
    assert subjects.index(next(s for s in subjects if "Respuesta a su solicitud" in s)) < (
        subjects.index(next(s for s in subjects if "calificaría" in s))
    )


def test_no_survey_while_the_answer_bounced(agent, emailed, django_capture_on_commit_callbacks):
    from pqr.notification_status import notification_mark_failed

    with django_capture_on_commit_callbacks(execute=False):
        pqr_answer_send(pqr=emailed, actor=agent, body="Respuesta.", resolve=True)
    notification_mark_failed(
        customer_email_id=CustomerNotification.objects.get(pqr=emailed).customer_email_id,
        reason="550",
    )
    from surveys.tasks import survey_invitation_send_task

    survey_invitation_send_task.delay(emailed.pk)
    assert not SatisfactionSurvey.objects.filter(pqr=emailed, sent_at__isnull=False).exists()


def test_another_teams_agent_cannot_answer(peticion, team_b):
    from django.test import Client

    outsider = Client()
    outsider.force_login(UserFactory(username="agente.b"))
    response = outsider.post(reverse("pqr:answer", args=[peticion.pk]), {"body": "x"})
    assert response.status_code == 404
