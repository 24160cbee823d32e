"""A customer with a row in every table that can hold something about them, and the
helpers that find those tables through the models' meta and fill their text columns
with a marker. Shared by the erasure test and the habeas-data export test."""

import itertools
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from core.roles import PROJECT_APPS, Role
from customers.models import Customer, CustomerAudit
from customers.services import (
    consent_record,
    customer_merge,
    customer_tag_assign,
    customer_tag_remove,
    customer_update,
)
from pqr import services as pqr_services
from pqr.attachments import fake_upload
from pqr.models import Channel, CustomerNotification, PqrType, PublicNotice, Team
from pqr.services.answers import pqr_answer_send
from pqr.services.notifications import notification_evidence_add
from tests.factories import UserFactory

from .factories import CustomerFactory

MARK = "QX7MARCA"
_serial = itertools.count(1)

# Columns that hold a code the application writes, never text about a person. Every
# other text column of a linked row gets the marker and must lose it.
NOT_PERSONAL = {
    "pqr.Pqr.radicado",  # the legal filing number, kept for the records and reports
    "pqr.Pqr.language",
    "pqr.CustomerEmail.dedupe_key",  # "kind:pqr_id:message_id"
    "pqr.CustomerEmail.request_id",  # a random or the proxy's request id
    "pqr.PqrAttachment.content_type",
    "pqr.PqrAttachment.file",  # a random storage path; the file itself is checked below
    "pqr.CustomerNotification.evidence",  # the same, for a receipt's scan
    "pqr.AnswerLetter.file",  # the same, for a letter's PDF
    "pqr.AnswerLetter.number",  # the outgoing number (register of correspondence)
    "pqr.AnswerLetter.sha256",
    "pqr.AnswerLetter.signer_name",  # the official who signed, not the holder
    "pqr.AnswerLetter.signer_role",
    # Proof that a decision was notified: identifiers that name nobody.
    "pqr.CustomerNotification.smtp_message_id",
    "pqr.CustomerNotification.guide_number",
    # The recursos statement written by pqr.services.recursos (office, terms, authority).
    "pqr.CustomerNotification.recursos",
    "pqr.ProtocolStep.compensation_currency",
    "customers.ConsentRecord.policy_version",
    "sla.Alert.threshold",  # an instant written by the sweep, part of a unique key
    "surveys.SatisfactionSurvey.language",
    "surveys.SatisfactionSurvey.token_hash",  # a SHA-256 digest
    "surveys.SurveyEvent.kind",
}
TEXT_TYPES = (models.CharField, models.TextField, models.JSONField)


def linked_models() -> dict[type[models.Model], str]:
    """Every model of ours whose rows point at the customer, directly or through a
    chain of foreign keys, with the lookup from it to the customer."""
    paths: dict[type[models.Model], str] = {Customer: "pk"}
    frontier = [Customer]
    while frontier:
        model = frontier.pop(0)
        for rel in model._meta.related_objects:
            related = rel.related_model
            if rel.many_to_many or related in paths:
                continue
            if related._meta.app_label not in PROJECT_APPS:
                continue
            prefix = rel.field.name
            paths[related] = prefix if model is Customer else f"{prefix}__{paths[model]}"
            frontier.append(related)
    return paths


def text_columns(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, TEXT_TYPES)
        and not isinstance(f, models.GeneratedField)
        and not f.choices
        and f"{model._meta.label}.{f.name}" not in NOT_PERSONAL
    ]


def _marker_value(field: models.Field, n: int):
    if isinstance(field, models.JSONField):
        return {"nota": f"{MARK}{n}", "lista": [f"{MARK}{n}"]}
    if isinstance(field, models.EmailField):
        return f"{MARK}{n}@correo.co"
    if isinstance(field, models.TextField):
        return f"Texto con {MARK}{n} del titular"
    return f"{MARK}{n}"


def fill_with_marker(holder: Customer, paths: dict) -> list[str]:
    """Write a numbered marker into every text column of every row linked to `holder`;
    returns the numbered markers written."""
    written = []
    for model, path in paths.items():
        columns = text_columns(model)
        rows = list(model._base_manager.filter(**{path: holder.pk}).values_list("pk", flat=True))
        for pk in rows:
            values = {}
            for column in columns:
                n = next(_serial)
                values[column.name] = _marker_value(column, n)
                written.append(f"{MARK}{n}")
            if values:
                model._base_manager.filter(pk=pk).update(**values)
    return written


def database_hits(needle: str) -> list[str]:
    """Every (table.column) of the schema whose text contains `needle`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() "
            "AND data_type IN ('text', 'character varying', 'jsonb', 'json')"
        )
        columns = cursor.fetchall()
        hits = []
        for table, column in columns:
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                [f"%{needle}%"],
            )
            if cursor.fetchone()[0]:
                hits.append(f"{table}.{column}")
    return hits


def media_hits(needle: str) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    hits = []
    for path in root.rglob("*") if root.exists() else []:
        in_name = needle.lower() in str(path.relative_to(root)).lower()
        if in_name or (path.is_file() and needle.lower().encode() in path.read_bytes().lower()):
            hits.append(str(path))
    return hits


@pytest.fixture
def holder_everywhere(django_capture_on_commit_callbacks, settings, tmp_path):
    """A customer with a row in every table that can hold something about them."""
    settings.MEDIA_ROOT = str(tmp_path / "media")  # this test's own media folder
    agent = UserFactory(username="agente.borrado", role=Role.AGENT)
    supervisor = UserFactory(username="super.borrado", role=Role.SUPERVISOR)
    team = Team.objects.create(name="Equipo borrado")
    team.members.add(agent)
    team.supervisors.add(supervisor)
    holder = CustomerFactory(
        full_name="Titular Borrable",
        address="Calle 1",
        city="Pasto",
        notes="nota",
        created_by=agent,
    )
    consent_record(
        customer=holder,
        channel="phone",
        actor=agent,
        purposes=["atencion_pqr", "encuestas_satisfaccion"],
    )
    customer_update(customer=holder, actor=agent, city="Tunja")
    # A duplicate profile of the same person, merged into the holder further down.
    duplicate = CustomerFactory(full_name="Titular Duplicado", address="Calle 2", city="Neiva")
    with django_capture_on_commit_callbacks(execute=True):
        pqr = pqr_services.pqr_create(
            actor=agent,
            pqr_type=PqrType.objects.get(code="reclamo"),
            channel=Channel.TELEFONO,
            subject="Asunto",
            description="Descripción",
            verbal_constancia="Constancia",
            team=team,
            customer=holder,
            contact_email="titular@correo.co",
            received_at=timezone.now(),
            anger_level=5,  # ira: an alert and a notification to the supervisor
            attachments=[fake_upload(f"%PDF-1.4 factura de {MARK}".encode(), f"{MARK}.pdf")],
        )
        pqr_services.pqr_message_add(pqr=pqr, actor=agent, kind="public", body="Respuesta")
        # An answer with its formal letter (a stored PDF), and a signed receipt scanned.
        answer_with_letter = pqr_answer_send(
            pqr=pqr, actor=agent, body="Respuesta con oficio", letter=True
        )
        notification = CustomerNotification.objects.get(message=answer_with_letter)
        notification_evidence_add(
            notification=notification,
            actor=agent,
            evidence=fake_upload(f"%PDF-1.4 recibido firmado por {MARK}".encode(), "recibo.pdf"),
        )
        PublicNotice.objects.create(
            notification=notification,
            pqr=pqr,
            text="Aviso para el titular",
            published_on=timezone.localdate(),
            published_until=timezone.localdate(),
        )
        pqr_services.pqr_message_add(
            pqr=pqr,
            actor=agent,
            kind="internal",
            body="Nota",
            attachments=[fake_upload(b"%PDF-1.4 anexo", "anexo.pdf")],
        )
        pqr_services.pqr_anger_record(
            pqr=pqr, level=6, actor=agent, note=f"Gritó; devolver la llamada al {holder.phone}"
        )
        # Filed first on the duplicate and moved: the events name both profiles.
        pqr_services.pqr_update(pqr=pqr, actor=agent, customer=duplicate)
        pqr_services.pqr_update(pqr=pqr, actor=agent, customer=holder)
        pqr_services.pqr_update(pqr=pqr, actor=agent, subject="Asunto corregido")
        pqr_services.protocol_step_record(pqr=pqr, step=1, actor=agent, note="Se disculpó")
        pqr_services.protocol_step_not_applicable(
            pqr=pqr, step=4, actor=agent, justification="No hubo perjuicio económico que compensar"
        )
        pqr_services.pqr_customer_tag(
            pqr=pqr,
            tag=apps.get_model("customers", "DifficultyTag").objects.first(),
            reason="Insultó",
            actor=agent,
        )
        pqr_services.pqr_request_completion(pqr=pqr, actor=agent, missing="Falta la factura")
        pqr_services.pqr_transition(pqr=pqr, to_status="en_tramite", actor=agent, note="Llegó")
        from sla.services import pqr_extension_grant

        pqr_extension_grant(pqr=pqr, actor=agent, reason="Falta concepto técnico")
        pqr_services.pqr_transfer(pqr=pqr, actor=agent, destination="Otra entidad", note="x")
        pqr_services.pqr_reopen(pqr=pqr, actor=agent, reason="Volvió a llamar")
        pqr_services.pqr_transition(pqr=pqr, to_status="en_tramite", actor=agent, note="Sigue")
        pqr_services.pqr_reject(pqr=pqr, actor=agent, reason="Irrespetuosa")
    today = timezone.localdate()
    apps.get_model("pqr", "RecursoFiling").objects.create(
        pqr=pqr,
        kind="reposicion",
        grounds="No está de acuerdo",
        decision="Se confirma",
        notified_on=today,
        deadline_on=today,
        filed_on=today,
        decide_by=today,
    )
    # An email the holder sent (the intake keeps its bytes, sender and subject).
    mailbox = apps.get_model("mailboxes", "Mailbox").objects.create(
        name="Buzón", address="pqr@oficina.test", host="127.0.0.1", username="pqr"
    )
    apps.get_model("mailboxes", "InboundEmail").objects.create(
        mailbox=mailbox,
        uidvalidity=1,
        uid=1,
        raw=f"From: titular@correo.co\r\nSubject: {MARK}\r\n\r\nHola".encode(),
        size=40,
        arrived_at=timezone.now(),
        pqr=pqr,
    )
    tag = apps.get_model("customers", "DifficultyTag").objects.last()
    removed = customer_tag_assign(customer=holder, tag=tag, reason="Amenazó", actor=agent, pqr=pqr)
    customer_tag_remove(assignment=removed, reason="Se calmó", actor=agent)
    Survey = apps.get_model("surveys", "SatisfactionSurvey")
    survey = Survey.objects.create(source="pqr", pqr=pqr, customer=holder, token_hash="0" * 64)
    apps.get_model("surveys", "SurveyResponse").objects.create(
        survey=survey,
        score=1,
        comment="Pésimo",
        answered_at=timezone.now(),
        contact_consent_at=timezone.now(),
    )
    apps.get_model("surveys", "RecoveryCase").objects.create(
        survey=survey, customer=holder, score=1, comment="Pésimo", action="Llamada"
    )
    apps.get_model("surveys", "SurveyEvent").objects.create(survey=survey, kind="x", note="n")
    CustomerAudit.objects.create(action="export", customer=holder, details={"format": "json"})
    customer_merge(survivor=holder, duplicate=duplicate, actor=supervisor)
    bystander = CustomerFactory(full_name="Vecino Intacto")
    pqr_services.pqr_create(
        actor=agent,
        pqr_type=PqrType.objects.get(code="peticion"),
        channel=Channel.EMAIL,
        subject="Asunto del vecino",
        description="Texto del vecino",
        team=team,
        customer=bystander,
    )
    return holder, duplicate, pqr, bystander
