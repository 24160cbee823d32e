"""Giving a PQR to a team or an agent, and editing its intake data."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pqr.assignment_hooks import assignment_changed
from pqr.events import pqr_event_record
from pqr.models import EventKind, Pqr, Status, Team
from sla import services as sla_services

from .base import lock, save
from .status import pqr_transition

# Statuses at which a new assignment also moves the PQR to "asignado".
ASSIGN_MOVES_FROM = (Status.RADICADO, Status.REABIERTO)
EDITABLE_FIELDS = (
    "subject",
    "description",
    "priority",
    "channel",
    "moment_of_truth",
    "received_at",
    "contact_email",
    "customer",
    "needs_supervisor",
)


def _person(user) -> str:
    return (user.get_full_name() or str(user)) if user else ""


@transaction.atomic
def pqr_assign(*, pqr: Pqr, actor, assigned_to=None, team: Team | None = None) -> Pqr:
    """Give the PQR to a team and/or an agent of that team."""
    lock(pqr)
    if not pqr.is_open:
        raise ValidationError(_("Solo se pueden asignar PQR abiertas."))
    team = team or pqr.team
    # From the locked row, not the instance: whose workload rows to rewrite.
    holder_before = Pqr.objects.values_list("assigned_to_id", flat=True).get(pk=pqr.pk)
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
            previous = pqr.assigned_to
            pqr.assigned_to = None
            fields.append("assigned_to")
            pqr_event_record(
                pqr=pqr,
                actor=actor,
                kind=EventKind.ASSIGNED,
                field="assigned_to",
                old_value=_person(previous),
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
            old_value=_person(old),
            new_value=_person(assigned_to),
        )
    if not fields:
        raise ValidationError(_("No hay cambios en la asignación."))
    save(pqr, fields)
    if "team" in fields:
        deadlines_refresh(pqr)  # SLA policies may match on the team
    if pqr.assigned_to_id and pqr.status in ASSIGN_MOVES_FROM:
        pqr_transition(pqr=pqr, to_status=Status.ASIGNADO, actor=actor)
    assignment_changed(assignee_ids={holder_before, pqr.assigned_to_id})
    return pqr


@transaction.atomic
def pqr_assign_self(*, pqr: Pqr, actor) -> Pqr:
    """ "Asignarme": the agent takes the PQR (same rules as any assignment)."""
    if pqr.assigned_to_id == actor.pk:
        raise ValidationError(_("Esta PQR ya está asignada a usted."))
    return pqr_assign(pqr=pqr, actor=actor, assigned_to=actor)


@transaction.atomic
def pqr_update(*, pqr: Pqr, actor, **changes) -> Pqr:
    """Edit intake data; one FIELD event per changed field with old and new values."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    lock(pqr)
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
    save(pqr, fields)
    if {"received_at", "priority", "channel"} & set(fields):
        deadlines_refresh(pqr)
    return pqr


def deadlines_refresh(pqr: Pqr) -> None:
    """Terms and SLA policies depend on the edited data: recompute this PQR's dates."""
    sla_services.deadlines_recompute(pqr_ids=[pqr.pk])
    pqr.refresh_from_db(fields=["filed_on", "first_response_due_at", "due_at", "legal_due_at"])
