"""The anger curve: the customer's level at each contact; ira or above calls a
supervisor. Also the difficult-customer tag given from a PQR."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from customers import services as customer_services
from customers.models import AngerLevel
from pqr.events import pqr_event_record
from pqr.models import EventKind, Pqr
from sla import services as sla_services

from .base import lock, save


@transaction.atomic
def pqr_anger_record(*, pqr: Pqr, level: int, actor, note: str = "") -> Pqr:
    """Record the customer's current anger level; ira or above calls a supervisor."""
    level = AngerLevel(int(level))
    lock(pqr)
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
    save(pqr, fields)
    if escalate:
        sla_services.alert_raise(pqr=pqr, kind="anger")
    return pqr


@transaction.atomic
def pqr_customer_tag(*, pqr: Pqr, tag, reason: str, actor):
    """Tag the PQR's customer as a difficult type, with this PQR as evidence."""
    if pqr.customer_id is None:
        raise ValidationError(_("La PQR es anónima: no hay cliente para etiquetar."))
    assignment = customer_services.customer_tag_assign(
        customer=pqr.customer, tag=tag, reason=reason, actor=actor, pqr=pqr
    )
    pqr_event_record(
        pqr=pqr, actor=actor, kind=EventKind.TAG, field="tag", new_value=tag.name, note=reason
    )
    return assignment
