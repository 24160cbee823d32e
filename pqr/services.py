"""Every write on a PQR. Each service is atomic and writes PqrEvent rows in the same
transaction; `pqr_transition` is the only function that changes `Pqr.status`.

Customer-facing emails go through the outbox in `pqr.emails`: `_queue_email` writes a
`CustomerEmail` row in the causing transaction and `pqr.tasks.send_customer_email`
sends it after commit.
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import AngerLevel

from .attachments import validate_attachment
from .models import (
    VERBAL_CHANNELS,
    CompensationKind,
    EventKind,
    MessageKind,
    Pqr,
    PqrAttachment,
    PqrEvent,
    PqrMessage,
    Priority,
    ProtocolStep,
    ProtocolStepCode,
    Status,
    Team,
)

S = Status
# Allowed moves; anything else is refused. Reading order: from -> {to, ...}.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RADICADO: frozenset(
        {S.ASIGNADO, S.EN_TRAMITE, S.EN_ESPERA_CLIENTE, S.TRASLADADO, S.RESUELTO, S.RECHAZADO}
    ),
    S.ASIGNADO: frozenset(
        {S.EN_TRAMITE, S.EN_ESPERA_CLIENTE, S.TRASLADADO, S.RESUELTO, S.RECHAZADO, S.DESISTIDO}
    ),
    S.EN_TRAMITE: frozenset(
        {S.EN_ESPERA_CLIENTE, S.TRASLADADO, S.RESUELTO, S.RECHAZADO, S.DESISTIDO}
    ),
    # Waiting for the customer to complete the petition: the legal clock is stopped.
    S.EN_ESPERA_CLIENTE: frozenset({S.EN_TRAMITE, S.DESISTIDO}),
    S.TRASLADADO: frozenset({S.CERRADO, S.REABIERTO}),
    S.RESUELTO: frozenset({S.CERRADO, S.REABIERTO}),
    S.CERRADO: frozenset({S.REABIERTO}),
    S.DESISTIDO: frozenset(),  # the customer may file again: a new radicado
    S.RECHAZADO: frozenset({S.REABIERTO}),
    S.REABIERTO: frozenset(
        {S.ASIGNADO, S.EN_TRAMITE, S.EN_ESPERA_CLIENTE, S.TRASLADADO, S.RESUELTO}
    ),
}
# Statuses at which a new assignment also moves the PQR to "asignado".
ASSIGN_MOVES_FROM = (S.RADICADO, S.REABIERTO)
EMAIL_KINDS = ("acknowledgement", "answer", "completion_request", "transfer")
COMPENSATION_NEEDS_AMOUNT = (
    CompensationKind.REFUND,
    CompensationKind.DISCOUNT,
    CompensationKind.CREDIT,
)
EDITABLE_FIELDS = (
    "subject",
    "description",
    "priority",
    "pqr_type",
    "channel",
    "moment_of_truth",
    "received_at",
    "contact_email",
    "customer",
    "needs_supervisor",
)


# --- helpers ---------------------------------------------------------------


def _display(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return _("Sí") if value else _("No")
    return str(value)


def pqr_event_record(
    *,
    pqr: Pqr,
    actor,
    kind: str,
    field: str = "",
    old_value="",
    new_value="",
    note: str = "",
) -> PqrEvent:
    return PqrEvent.objects.create(
        pqr=pqr,
        actor=actor,
        kind=kind,
        field=field,
        old_value=_display(old_value),
        new_value=_display(new_value),
        note=note or "",
    )


def _lock(pqr: Pqr) -> None:
    """Lock the row and refresh the status, so concurrent actions serialise."""
    current = Pqr.objects.select_for_update().only("status").get(pk=pqr.pk)
    pqr.status = current.status


def _save(pqr: Pqr, fields: list[str]) -> None:
    pqr.save(update_fields=[*fields, "updated_at"])


def _queue_email(kind: str, pqr: Pqr, message: PqrMessage | None = None) -> None:
    """Write the customer-email outbox row in this transaction; sent after commit."""
    from .emails import customer_email_queue

    customer_email_queue(kind=kind, pqr=pqr, message=message)


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


def default_team() -> Team:
    """Where PQRs without a team land (e.g. the public form)."""
    team = Team.objects.filter(is_active=True).order_by("id").first()
    if team is None:
        team, _created = Team.objects.get_or_create(name="Atención al cliente")
    return team


# --- intake ------------------------------------------------------------------


@transaction.atomic
def pqr_create(
    *,
    actor,
    pqr_type,
    channel: str,
    subject: str,
    description: str,
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
) -> Pqr:
    """Register a PQR from any channel; the radicado is taken inside this transaction."""
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + timezone.timedelta(minutes=5):
        raise ValidationError(_("La fecha de recepción no puede estar en el futuro."))
    if channel in VERBAL_CHANNELS and not verbal_constancia.strip():
        raise ValidationError(
            _("Para una PQR verbal (presencial o por teléfono) registre la constancia.")
        )
    if not subject.strip() or not description.strip():
        raise ValidationError(_("El asunto y la descripción son obligatorios."))
    pqr = Pqr(
        radicado=next_radicado(year=timezone.localdate(now).year),
        pqr_type=pqr_type,
        channel=channel,
        customer=customer,
        contact_email=contact_email or "",
        contact_consent_at=contact_consent_at,
        subject=subject.strip(),
        description=description.strip(),
        verbal_constancia=verbal_constancia.strip(),
        moment_of_truth=moment_of_truth,
        priority=priority,
        received_at=received_at,
        team=team or default_team(),
        status=Status.RADICADO,
        anger_level_at_intake=anger_level,
        anger_level=anger_level,
        needs_supervisor=AngerLevel.needs_supervisor(anger_level),
        created_by=actor,
    )
    from sla.services import pqr_deadlines_assign

    pqr_deadlines_assign(pqr=pqr)
    pqr.save()
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
        from sla.services import alert_raise

        alert_raise(pqr=pqr, kind="anger")
    for upload in attachments:
        pqr_attachment_add(pqr=pqr, upload=upload, actor=actor)
    if assigned_to is not None:
        pqr_assign(pqr=pqr, actor=actor, assigned_to=assigned_to)
    _queue_email("acknowledgement", pqr)
    return pqr


# --- status --------------------------------------------------------------------


def allowed_transitions(pqr: Pqr) -> frozenset[str]:
    return TRANSITIONS.get(pqr.status, frozenset())


def protocol_missing_steps(pqr: Pqr) -> list[int]:
    """Protocol steps neither recorded nor justified as not applicable."""
    if not pqr.pqr_type.requires_protocol:
        return []
    done = set(ProtocolStep.objects.filter(pqr=pqr).values_list("step", flat=True))
    return [step for step in ProtocolStepCode.values if step not in done]


def _check_target(pqr: Pqr, to_status: str, note: str, details: dict) -> None:
    if to_status == S.TRASLADADO and not (details.get("transfer_destination") or "").strip():
        raise ValidationError(_("Indique a qué entidad se traslada la PQR."))
    if to_status == S.RECHAZADO and not (details.get("rejection_reason") or "").strip():
        raise ValidationError(_("Indique el motivo del rechazo o archivo."))
    if to_status == S.EN_ESPERA_CLIENTE and not note.strip():
        raise ValidationError(_("Indique qué información le falta aportar al cliente."))
    if to_status == S.REABIERTO and not note.strip():
        raise ValidationError(_("Explique por qué se reabre la PQR."))
    if to_status == S.RESUELTO:
        missing = protocol_missing_steps(pqr)
        if missing:
            names = ", ".join(str(ProtocolStepCode(step).label) for step in missing)
            raise ValidationError(
                _(
                    "No se puede resolver: faltan pasos del protocolo de quejas y reclamos "
                    "(regístrelos o márquelos como no aplica con justificación): %(steps)s."
                )
                % {"steps": names}
            )
        if pqr.pqr_type.requires_protocol and details.get("root_cause") is None:
            raise ValidationError(_("Seleccione la causa raíz antes de resolver."))


@transaction.atomic
def pqr_transition(*, pqr: Pqr, to_status: str, actor, note: str = "", **details) -> Pqr:
    """Move `pqr` to `to_status` if TRANSITIONS allows it; refuse otherwise, changing nothing.

    details: transfer_destination, transferred_on, rejection_reason, root_cause,
    desist_kind ("tacito"/"expreso").
    """
    _lock(pqr)
    old_status = pqr.status
    if to_status not in allowed_transitions(pqr):
        raise ValidationError(
            _("No se puede pasar una PQR de «%(old)s» a «%(new)s».")
            % {"old": Status(old_status).label, "new": Status(to_status).label}
        )
    _check_target(pqr, to_status, note, details)
    now = timezone.now()
    pqr.status = to_status
    fields = ["status"]
    if to_status == S.RESUELTO:
        pqr.resolved_at = now
        fields.append("resolved_at")
        if details.get("root_cause") is not None:
            _set_field(pqr, "root_cause", details["root_cause"], actor, fields)
    if to_status in (S.CERRADO, S.DESISTIDO, S.RECHAZADO, S.TRASLADADO):
        pqr.closed_at = now
        fields.append("closed_at")
    if to_status == S.TRASLADADO:
        on = details.get("transferred_on") or timezone.localdate()
        _set_field(
            pqr, "transfer_destination", details["transfer_destination"].strip(), actor, fields
        )
        _set_field(pqr, "transferred_on", on, actor, fields)
    if to_status == S.RECHAZADO:
        _set_field(pqr, "rejection_reason", details["rejection_reason"].strip(), actor, fields)
    if to_status == S.EN_ESPERA_CLIENTE:
        pqr.completion_requested_at = now
        fields.append("completion_requested_at")
    if to_status == S.REABIERTO:
        pqr.resolved_at = pqr.closed_at = None
        fields += ["resolved_at", "closed_at"]
    _save(pqr, fields)
    desist = details.get("desist_kind", "")
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.STATUS,
        field="status",
        old_value=old_status,
        new_value=to_status,
        note=f"[{desist}] {note}".strip() if desist else note,
    )
    from sla.services import pqr_clock_status_changed

    pqr_clock_status_changed(pqr=pqr, old_status=old_status, new_status=to_status, actor=actor)
    return pqr


def _set_field(pqr: Pqr, name: str, value, actor, fields: list[str]) -> None:
    old = getattr(pqr, name)
    if old == value:
        return
    setattr(pqr, name, value)
    fields.append(name)
    pqr_event_record(
        pqr=pqr, actor=actor, kind=EventKind.FIELD, field=name, old_value=old, new_value=value
    )


@transaction.atomic
def pqr_resolve(*, pqr: Pqr, actor, root_cause=None, note: str = "") -> Pqr:
    pqr_transition(pqr=pqr, to_status=S.RESUELTO, actor=actor, note=note, root_cause=root_cause)
    from surveys.services import survey_invite_after_resolution

    survey_invite_after_resolution(pqr=pqr)
    return pqr


@transaction.atomic
def pqr_close(*, pqr: Pqr, actor, note: str = "") -> Pqr:
    return pqr_transition(pqr=pqr, to_status=S.CERRADO, actor=actor, note=note)


@transaction.atomic
def pqr_reopen(*, pqr: Pqr, actor, reason: str) -> Pqr:
    return pqr_transition(pqr=pqr, to_status=S.REABIERTO, actor=actor, note=reason)


@transaction.atomic
def pqr_transfer(
    *, pqr: Pqr, actor, destination: str, transferred_on: date | None = None, note: str = ""
) -> Pqr:
    """Send to the competent entity (Ley 1755 art. 21); the customer is told."""
    pqr_transition(
        pqr=pqr,
        to_status=S.TRASLADADO,
        actor=actor,
        note=note,
        transfer_destination=destination,
        transferred_on=transferred_on,
    )
    _queue_email("transfer", pqr)
    return pqr


@transaction.atomic
def pqr_request_completion(*, pqr: Pqr, actor, missing: str) -> Pqr:
    """Ask the customer to complete an incomplete petition; the legal term is suspended."""
    pqr_transition(pqr=pqr, to_status=S.EN_ESPERA_CLIENTE, actor=actor, note=missing)
    _queue_email("completion_request", pqr)
    return pqr


@transaction.atomic
def pqr_reject(*, pqr: Pqr, actor, reason: str) -> Pqr:
    return pqr_transition(pqr=pqr, to_status=S.RECHAZADO, actor=actor, rejection_reason=reason)


@transaction.atomic
def pqr_desist(*, pqr: Pqr, actor, tacit: bool, note: str = "") -> Pqr:
    return pqr_transition(
        pqr=pqr,
        to_status=S.DESISTIDO,
        actor=actor,
        note=note,
        desist_kind="tacito" if tacit else "expreso",
    )


# --- assignment and edits -----------------------------------------------------


@transaction.atomic
def pqr_assign(*, pqr: Pqr, actor, assigned_to=None, team: Team | None = None) -> Pqr:
    """Give the PQR to a team and/or an agent of that team."""
    _lock(pqr)
    if not pqr.is_open:
        raise ValidationError(_("Solo se pueden asignar PQR abiertas."))
    team = team or pqr.team
    if assigned_to is not None and not (
        team.members.filter(pk=assigned_to.pk).exists()
        or team.supervisors.filter(pk=assigned_to.pk).exists()
    ):
        raise ValidationError(
            _("%(user)s no pertenece al equipo %(team)s.") % {"user": assigned_to, "team": team}
        )
    fields: list[str] = []
    if team.pk != pqr.team_id:
        old = pqr.team
        pqr.team = team
        fields.append("team")
        pqr_event_record(
            pqr=pqr,
            actor=actor,
            kind=EventKind.ASSIGNED,
            field="team",
            old_value=old,
            new_value=team,
        )
        if assigned_to is None and pqr.assigned_to_id is not None:
            assigned_to_changed = pqr.assigned_to
            pqr.assigned_to = None
            fields.append("assigned_to")
            pqr_event_record(
                pqr=pqr,
                actor=actor,
                kind=EventKind.ASSIGNED,
                field="assigned_to",
                old_value=assigned_to_changed.get_full_name() or assigned_to_changed,
            )
    if assigned_to is not None and assigned_to.pk != pqr.assigned_to_id:
        old = pqr.assigned_to
        pqr.assigned_to = assigned_to
        fields.append("assigned_to")
        pqr_event_record(
            pqr=pqr,
            actor=actor,
            kind=EventKind.ASSIGNED,
            field="assigned_to",
            old_value=(old.get_full_name() or old) if old else "",
            new_value=assigned_to.get_full_name() or assigned_to,
        )
    if not fields:
        raise ValidationError(_("No hay cambios en la asignación."))
    _save(pqr, fields)
    if "team" in fields:
        _deadlines_refresh(pqr)  # SLA policies may match on the team
    if pqr.assigned_to_id and pqr.status in ASSIGN_MOVES_FROM:
        pqr_transition(pqr=pqr, to_status=S.ASIGNADO, actor=actor)
    return pqr


@transaction.atomic
def pqr_update(*, pqr: Pqr, actor, **changes) -> Pqr:
    """Edit intake data; one FIELD event per changed field with old and new values."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _lock(pqr)
    fields: list[str] = []
    for name, value in changes.items():
        if name == "subject" and not (value or "").strip():
            raise ValidationError(_("El asunto es obligatorio."))
        old = getattr(pqr, name)
        if old == value:
            continue
        setattr(pqr, name, value)
        fields.append(name)
        if name in ("priority", "channel"):
            old_label = dict(Pqr._meta.get_field(name).choices).get(old, old)
            new_label = dict(Pqr._meta.get_field(name).choices).get(value, value)
        else:
            old_label, new_label = old, value
        pqr_event_record(
            pqr=pqr,
            actor=actor,
            kind=EventKind.FIELD,
            field=name,
            old_value=old_label,
            new_value=new_label,
        )
    if not fields:
        return pqr
    _save(pqr, fields)
    if {"received_at", "pqr_type", "priority", "channel"} & set(fields):
        _deadlines_refresh(pqr)
    return pqr


def _deadlines_refresh(pqr: Pqr) -> None:
    """Terms and SLA policies depend on the edited data: recompute this PQR's dates."""
    from sla.services import deadlines_recompute

    deadlines_recompute(pqr_ids=[pqr.pk])
    pqr.refresh_from_db(fields=["filed_on", "first_response_due_at", "due_at", "legal_due_at"])


@transaction.atomic
def pqr_anger_record(*, pqr: Pqr, level: int, actor, note: str = "") -> Pqr:
    """Record the customer's current anger level; ira or above calls a supervisor."""
    level = AngerLevel(int(level))
    _lock(pqr)
    old = pqr.anger_level
    pqr.anger_level = level
    fields = ["anger_level"]
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.ANGER,
        field="anger_level",
        old_value=AngerLevel(old).label if old else "",
        new_value=level.label,
        note=note,
    )
    escalate = AngerLevel.needs_supervisor(level) and not AngerLevel.needs_supervisor(old)
    if escalate and not pqr.needs_supervisor:
        pqr.needs_supervisor = True
        fields.append("needs_supervisor")
    _save(pqr, fields)
    if escalate:
        from sla.services import alert_raise

        alert_raise(pqr=pqr, kind="anger")
    return pqr


# --- messages and attachments ------------------------------------------------


@transaction.atomic
def pqr_attachment_add(
    *, pqr: Pqr, upload, actor=None, message: PqrMessage | None = None
) -> PqrAttachment:
    checked = validate_attachment(upload)
    upload.seek(0)
    attachment = PqrAttachment(
        pqr=pqr,
        message=message,
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    attachment.file.save(checked.filename, upload, save=False)
    attachment.save()
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.ATTACHMENT,
        field="attachment",
        new_value=checked.filename,
    )
    return attachment


@transaction.atomic
def pqr_message_add(
    *,
    pqr: Pqr,
    actor,
    kind: str,
    body: str,
    anger_level: int | None = None,
    attachments=(),
) -> PqrMessage:
    """A public answer (emailed; the legal answer) or an internal note (never shown)."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Escriba el texto del mensaje."))
    _lock(pqr)
    if kind == MessageKind.PUBLIC_ANSWER and pqr.status in (S.DESISTIDO, S.RECHAZADO):
        raise ValidationError(_("Esta PQR está archivada; reábrala antes de responder."))
    message = PqrMessage.objects.create(
        pqr=pqr, kind=kind, body=body, author=actor, anger_level=anger_level
    )
    public = kind == MessageKind.PUBLIC_ANSWER
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.MESSAGE if public else EventKind.NOTE,
        note=body[:200],
    )
    for upload in attachments:
        pqr_attachment_add(pqr=pqr, upload=upload, actor=actor, message=message)
    if anger_level:
        pqr_anger_record(pqr=pqr, level=anger_level, actor=actor)
    if public:
        if pqr.first_responded_at is None:
            from sla.outcomes import pqr_first_response_record

            pqr.first_responded_at = message.created_at
            _save(pqr, ["first_responded_at", *pqr_first_response_record(pqr=pqr)])
        if pqr.status in (S.RADICADO, S.ASIGNADO, S.REABIERTO):
            pqr_transition(pqr=pqr, to_status=S.EN_TRAMITE, actor=actor)
        _queue_email("answer", pqr, message)
    return message


# --- protocol ----------------------------------------------------------------------


def _protocol_check(pqr: Pqr) -> None:
    if not pqr.pqr_type.requires_protocol:
        raise ValidationError(_("Este tipo de PQR no usa el protocolo de seis pasos."))
    if not pqr.is_open:
        raise ValidationError(_("La PQR no está abierta; reábrala para registrar pasos."))


def _protocol_save(pqr: Pqr, step: int, actor, values: dict, note: str) -> ProtocolStep:
    existing = ProtocolStep.objects.filter(pqr=pqr, step=step).first()
    row = existing or ProtocolStep(pqr=pqr, step=step)
    for name, value in values.items():
        setattr(row, name, value)
    row.recorded_by = actor
    row.save()
    label = ProtocolStepCode(step).label
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.PROTOCOL,
        field=f"step_{step}",
        old_value=_("registrado") if existing else "",
        new_value=label,
        note=note,
    )
    return row


@transaction.atomic
def protocol_step_record(
    *,
    pqr: Pqr,
    step: int,
    actor,
    note: str,
    compensation_kind: str = "",
    compensation_amount: Decimal | None = None,
    compensation_currency: str = "COP",
) -> ProtocolStep:
    _lock(pqr)
    _protocol_check(pqr)
    step = ProtocolStepCode(int(step))
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Describa qué se hizo en este paso."))
    values = {"note": note, "not_applicable": False, "justification": ""}
    if step == ProtocolStepCode.COMPENSAR:
        if not compensation_kind:
            raise ValidationError(_("Indique el tipo de compensación (o «Ninguna»)."))
        if compensation_kind in COMPENSATION_NEEDS_AMOUNT and not (
            compensation_amount and compensation_amount > 0
        ):
            raise ValidationError(_("Indique el valor de la compensación."))
        values |= {
            "compensation_kind": compensation_kind,
            "compensation_amount": compensation_amount,
            "compensation_currency": (compensation_currency or "COP").upper()[:3],
        }
        kind_label = CompensationKind(compensation_kind).label
        amount = (
            f" {compensation_amount} {values['compensation_currency']}"
            if compensation_amount
            else ""
        )
        note = f"{note} ({kind_label}{amount})"
    return _protocol_save(pqr, step, actor, values, note)


@transaction.atomic
def protocol_step_not_applicable(*, pqr: Pqr, step: int, actor, justification: str) -> ProtocolStep:
    _lock(pqr)
    _protocol_check(pqr)
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError(_("Para marcar un paso como no aplica debe justificarlo."))
    values = {
        "note": "",
        "not_applicable": True,
        "justification": justification,
        "compensation_kind": "",
        "compensation_amount": None,
    }
    return _protocol_save(
        pqr, int(step), actor, values, _("No aplica: %(j)s") % {"j": justification}
    )


# --- customer tags -------------------------------------------------------------------


@transaction.atomic
def pqr_customer_tag(*, pqr: Pqr, tag, reason: str, actor):
    """Tag the PQR's customer as a difficult type, with this PQR as evidence."""
    if pqr.customer_id is None:
        raise ValidationError(_("La PQR es anónima: no hay cliente para etiquetar."))
    from customers.services import customer_tag_assign

    assignment = customer_tag_assign(
        customer=pqr.customer, tag=tag, reason=reason, actor=actor, pqr=pqr
    )
    pqr_event_record(
        pqr=pqr, actor=actor, kind=EventKind.TAG, field="tag", new_value=tag.name, note=reason
    )
    return assignment
