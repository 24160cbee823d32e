"""Recursos filed against a decision: reposición and, in subsidy, apelación (Ley 142/1994
arts. 154-159 for public utilities; Ley 1437/2011 art. 76 for public entities). Filed
within the business days after the decision was notified (5 or 10); one filed later is
recorded and flagged, never lost. The reposición is decided within 15 business days;
the apelación then goes to the Superintendencia (or the superior), with its date."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pqr.events import pqr_event_record
from pqr.models import (
    EventKind,
    NotificationDecision,
    Pqr,
    RecursoFiling,
    RecursoKind,
    Status,
)
from pqr.notify import Delivery, decision_notify, delivery_validate
from sla import services as sla_services
from sla.models import LegalRegime
from sla.selectors import organization_get

from .base import lock
from .recursos import PUBLIC_ENTITY_DAYS, UTILITY_DAYS, decision_recursos

DECIDE_DAYS = 15
DECIDED = (Status.RESUELTO, Status.CERRADO, Status.RECHAZADO)


def decision_notified_on(pqr: Pqr) -> date | None:
    """The day the decision (the answer, or a rejection) reached the customer."""
    row = (
        pqr.notifications.filter(
            decision__in=(NotificationDecision.ANSWER, NotificationDecision.REJECTION)
        )
        .order_by("-id")
        .first()
    )
    if row is None:
        return None
    when = row.delivered_at or row.sent_at
    return row.notified_on or (timezone.localdate(when) if when else None)


@transaction.atomic
def pqr_recurso_file(
    *, pqr: Pqr, actor, kind: str, grounds: str, filed_on: date | None = None
) -> RecursoFiling:
    regime = organization_get().legal_regime
    days = {LegalRegime.SERVICIOS_PUBLICOS: UTILITY_DAYS, LegalRegime.PUBLICA: PUBLIC_ENTITY_DAYS}
    if regime not in days or pqr.pqr_type.acknowledgement_suffices:
        raise ValidationError(_("Contra esta decisión no proceden recursos."))
    if kind not in RecursoKind.values:
        raise ValidationError(_("Elija el recurso."))
    grounds = (grounds or "").strip()
    if not grounds:
        raise ValidationError(_("Resuma lo que alega el usuario en el recurso."))
    lock(pqr)
    notified_on = decision_notified_on(pqr)
    if pqr.status not in DECIDED or notified_on is None:
        raise ValidationError(_("El recurso procede contra una decisión ya notificada."))
    filed_on = filed_on or timezone.localdate()
    if filed_on > timezone.localdate() or filed_on < notified_on:
        raise ValidationError(
            _("La fecha de presentación debe estar entre la notificación (%(day)s) y hoy.")
            % {"day": notified_on.isoformat()}
        )
    deadline = sla_services.business_days_after(day=notified_on, days=days[regime])
    recurso = RecursoFiling.objects.create(
        pqr=pqr,
        kind=kind,
        grounds=grounds,
        notified_on=notified_on,
        deadline_on=deadline,
        filed_on=filed_on,
        filed_late=filed_on > deadline,
        decide_by=sla_services.business_days_after(day=filed_on, days=DECIDE_DAYS),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    note = RecursoKind(kind).label
    if recurso.filed_late:
        note = _("%(kind)s presentado fuera de término (vencía el %(day)s).") % {
            "kind": note,
            "day": deadline.isoformat(),
        }
    pqr_event_record(
        pqr=pqr, actor=actor, kind=EventKind.NOTE, field="recurso", new_value=kind, note=note
    )
    sla_services.pqr_clock_recursos_refresh(pqr=pqr)
    return recurso


@transaction.atomic
def pqr_recurso_decide(
    *,
    recurso: RecursoFiling,
    actor,
    decision: str,
    decided_on: date | None = None,
    delivery: Delivery | None = None,
) -> RecursoFiling:
    """Decide the reposición; the decision is notified to the customer (by email, or
    the channel in `delivery`) and says which recursos remain."""
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError(_("Escriba la decisión de la reposición."))
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate() or decided_on < recurso.filed_on:
        raise ValidationError(_("La fecha de la decisión no es válida."))
    if recurso.decided_on is not None:
        raise ValidationError(_("Este recurso ya fue decidido."))
    pqr = recurso.pqr
    delivery = delivery_validate(pqr=pqr, decision=NotificationDecision.RECURSO, delivery=delivery)
    recurso.decided_on, recurso.decision = decided_on, decision
    recurso.save(update_fields=["decided_on", "decision"])
    sla_services.pqr_clock_recursos_refresh(pqr=pqr)
    note = decision
    if recurso.decided_late:
        note = _("Decidido fuera de término (vencía el %(day)s): %(decision)s") % {
            "day": recurso.decide_by.isoformat(),
            "decision": decision,
        }
    pqr_event_record(
        pqr=pqr,
        actor=actor,
        kind=EventKind.NOTE,
        field="recurso_decided",
        new_value=decided_on,
        note=note,
    )
    decision_notify(
        pqr=pqr,
        decision=NotificationDecision.RECURSO,
        actor=actor,
        delivery=delivery,
        recursos=decision_recursos(pqr=pqr, decision=NotificationDecision.RECURSO, recurso=recurso),
    )
    return recurso


@transaction.atomic
def pqr_appeal_forward(
    *, recurso: RecursoFiling, actor, forwarded_on: date | None = None
) -> RecursoFiling:
    """The apelación (in subsidy) goes to the Superintendencia after the reposición."""
    if recurso.kind != RecursoKind.REPOSICION_APELACION:
        raise ValidationError(_("Este recurso no incluye apelación."))
    if recurso.decided_on is None:
        raise ValidationError(_("Primero se decide la reposición."))
    forwarded_on = forwarded_on or timezone.localdate()
    if forwarded_on > timezone.localdate() or forwarded_on < recurso.decided_on:
        raise ValidationError(_("La fecha de envío de la apelación no es válida."))
    recurso.forwarded_on = forwarded_on
    recurso.save(update_fields=["forwarded_on"])
    pqr_event_record(
        pqr=recurso.pqr,
        actor=actor,
        kind=EventKind.NOTE,
        field="appeal_forwarded",
        new_value=forwarded_on,
    )
    return recurso
