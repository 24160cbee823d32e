"""Reassigning from the workload page, one PQR or many at once, always through the
one assignment service (`pqr.services.pqr_assign`: its checks, its events)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pqr import services as pqr_services
from pqr.models import OPEN_STATUSES, Team

from .filters import DashboardFilters
from .live import snapshot_batch

BULK_MAX = 500  # one request's worth of assignments, each with its events


def bulk_candidates(*, filters: DashboardFilters, source: str):
    """Open PQRs in the page's scope (team, type, channel) held by `source` (an agent's
    id, or "none" for the unassigned), oldest first: the ones a bulk move takes."""
    qs = filters.pqrs(date_field=None).filter(status__in=OPEN_STATUSES)
    if source == "none":
        qs = qs.filter(assigned_to__isnull=True)
    else:
        qs = qs.filter(assigned_to_id=int(source))
    return qs.order_by("received_at", "pk")


@transaction.atomic
def workload_bulk_reassign(
    *, actor, filters: DashboardFilters, source: str, target, limit: int | None = None
) -> int:
    """Give `target` the `limit` oldest (None: all, up to BULK_MAX) of `source`'s open
    PQRs matching the page's filters; all or nothing. Returns how many moved."""
    if source != "none" and int(source) == target.pk:
        raise ValidationError(_("Elija una persona distinta de quien tiene hoy las PQR."))
    pqrs = list(
        bulk_candidates(filters=filters, source=source)
        .select_for_update(of=("self",))
        .select_related("team", "assigned_to")[: min(limit or BULK_MAX, BULK_MAX)]
    )
    if not pqrs:
        raise ValidationError(_("No hay PQR abiertas que cumplan esos filtros."))
    teams = {pqr.team_id for pqr in pqrs}
    allowed = set(
        Team.objects.filter(Q(members=target) | Q(supervisors=target), pk__in=teams).values_list(
            "pk", flat=True
        )
    )
    outside = [pqr for pqr in pqrs if pqr.team_id not in allowed]
    if outside:
        raise ValidationError(
            ngettext(
                "%(n)d de las PQR elegidas es de un equipo al que %(user)s no pertenece; "
                "filtre por su equipo o elija a otra persona.",
                "%(n)d de las PQR elegidas son de equipos a los que %(user)s no pertenece; "
                "filtre por su equipo o elija a otra persona.",
                len(outside),
            )
            % {"n": len(outside), "user": target.get_full_name() or target.username}
        )
    with snapshot_batch():
        for pqr in pqrs:
            pqr_services.pqr_assign(pqr=pqr, actor=actor, assigned_to=target)
    return len(pqrs)
