"""Registering a PQR from any channel, with its radicado, due dates and first events."""

import uuid
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.forms import ModelChoiceField
from django.utils import timezone
from django.utils.translation import gettext as _

from core.rows import row_insert
from customers.models import AngerLevel
from pqr.catalogue_version import active_types_token_seen, catalogue_token_in_force
from pqr.events import pqr_event_record
from pqr.models import VERBAL_CHANNELS, EventKind, Pqr, PqrType, Priority, Status, Team
from sla import services as sla_services

from .assignment import pqr_assign
from .base import queue_email
from .messages import pqr_attachment_add


def next_radicado(*, year: int) -> str:
    """Take the next number of `year` atomically (one upsert; concurrent callers queue)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO pqr_radicadocounter (year, last_number) VALUES (%s, 1) "
            "ON CONFLICT (year) DO UPDATE "
            "SET last_number = pqr_radicadocounter.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"PQR-{year}-{number:06d}"


def _radicado_team_calendar(*, year: int) -> tuple[str, int | None, int | None, uuid.UUID | None]:
    """`next_radicado`, the first active team's id, the organisation's calendar
    version (the rules' cache key) and the catalogue token (the kept types' key) in
    one round trip (issue 18)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH n AS (INSERT INTO pqr_radicadocounter (year, last_number) VALUES (%s, 1) "
            "ON CONFLICT (year) DO UPDATE "
            "SET last_number = pqr_radicadocounter.last_number + 1 "
            "RETURNING last_number) "
            "SELECT n.last_number, (SELECT id FROM pqr_team WHERE is_active "
            "ORDER BY id LIMIT 1), (SELECT calendar_version FROM sla_organization "
            "WHERE id = 1), (SELECT token FROM pqr_catalogueversion WHERE id = 1) FROM n",
            [year],
        )
        number, team_id, calendar_version, token = cursor.fetchone()
    return f"PQR-{year}-{number:06d}", team_id, calendar_version, token


def _type_still_active(pk: int) -> PqrType:
    pqr_type = PqrType.objects.filter(pk=pk, is_active=True).first()
    if pqr_type is None:
        raise ValidationError(ModelChoiceField.default_error_messages["invalid_choice"])
    return pqr_type


def default_team() -> Team:
    """Where PQRs without a team land (e.g. the public form)."""
    team = Team.objects.filter(is_active=True).order_by("id").first()
    if team is None:
        team, _created = Team.objects.get_or_create(name="Atención al cliente")
    return team


@transaction.atomic
def pqr_create(**kwargs) -> Pqr:
    """Register a PQR from any channel; the radicado is taken inside this transaction."""
    return pqr_register(**kwargs)


def pqr_register(
    *,
    actor,
    pqr_type,
    channel: str,
    subject: str,
    description: str,
    pqr_type_token: uuid.UUID | None = None,
    team: Team | None = None,
    customer=None,
    contact_email: str = "",
    contact_consent_at: datetime | None = None,
    received_at: datetime | None = None,
    priority: str = Priority.NORMAL,
    moment_of_truth=None,
    anger_level: int | None = None,
    verbal_constancia: str = "",
    assigned_to=None,
    attachments=(),
    extra: dict | None = None,
) -> Pqr:
    """`pqr_create` without its own savepoint, for a caller already in a transaction
    (the public filing). `extra`: more fields of the new row (language, consents...),
    written by the same INSERT. `pqr_type_token`: the catalogue token `pqr_type` was
    kept under (the public form's copy); if the token has changed, the type is read
    again and must still be active."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("pqr_register runs inside a transaction (use pqr_create)")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + timedelta(minutes=5):
        raise ValidationError(_("La fecha de recepción no puede estar en el futuro."))
    if channel in VERBAL_CHANNELS and not verbal_constancia.strip():
        raise ValidationError(
            _("Para una PQR verbal (presencial o por teléfono) registre la constancia.")
        )
    if not subject.strip() or not description.strip():
        raise ValidationError(_("El asunto y la descripción son obligatorios."))
    year = timezone.localdate(now).year
    radicado, first_team_id, calendar_version, token = _radicado_team_calendar(year=year)
    active_types_token_seen(token)
    if pqr_type_token is not None and pqr_type_token != token:
        pqr_type = _type_still_active(pqr_type.pk)
    if team is None and first_team_id is None:
        team = default_team()
    pqr = Pqr(
        radicado=radicado,
        pqr_type=pqr_type,
        channel=channel,
        customer=customer,
        # Emails about this PQR go to the address captured now, never to a later profile edit.
        contact_email=contact_email or getattr(customer, "email", "") or "",
        contact_consent_at=contact_consent_at,
        subject=subject.strip(),
        description=description.strip(),
        verbal_constancia=verbal_constancia.strip(),
        moment_of_truth=moment_of_truth,
        priority=priority,
        received_at=received_at,
        team_id=team.pk if team is not None else first_team_id,
        status=Status.RADICADO,
        anger_level_at_intake=anger_level,
        anger_level=anger_level,
        needs_supervisor=AngerLevel.needs_supervisor(anger_level),
        created_by=actor,
        **(extra or {}),
    )
    if team is not None:
        pqr.team = team
    sla_services.pqr_deadlines_assign(pqr=pqr, calendar_version=calendar_version)
    with catalogue_token_in_force(token):  # the webhook outbox's endpoints: kept under it
        _pqr_first_rows(
            pqr=pqr,
            actor=actor,
            anger_level=anger_level,
            attachments=attachments,
            assigned_to=assigned_to,
        )
    return pqr


def _pqr_first_rows(*, pqr: Pqr, actor, anger_level, attachments, assigned_to) -> None:
    """The new PQR's row, its first events, alerts, attachments and acknowledgement."""
    pqr.rank_priority()
    row_insert(pqr)  # as pqr.save(): its post_save writes the clock (sla.signals)
    pqr_event_record(pqr=pqr, actor=actor, kind=EventKind.CREATED, new_value=pqr.radicado)
    if anger_level is not None:
        pqr_event_record(
            pqr=pqr,
            actor=actor,
            kind=EventKind.ANGER,
            field="anger_level",
            new_value=AngerLevel(anger_level).label,
        )
    if pqr.needs_supervisor:
        sla_services.alert_raise(pqr=pqr, kind="anger")
    if pqr.priority == Priority.RIESGO_VIDA:
        # Art. 20: life or integrity at risk means urgent action at once.
        sla_services.alert_raise(pqr=pqr, kind="life_at_risk")
    for upload in attachments:
        pqr_attachment_add(pqr=pqr, upload=upload, actor=actor)
    if assigned_to is not None:
        pqr_assign(pqr=pqr, actor=actor, assigned_to=assigned_to)
    queue_email("acknowledgement", pqr)
