"""Which PQRs a user may see: the one scoping rule every page, export and app follows.

Supervisors and administrators see every PQR; agents see their teams' PQRs and the
ones assigned to them. It sits with the PQR records (below the SLA engine, surveys
and the workflow services) so that every app can scope by it.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from core.roles import Role, has_role

from .models import Pqr, Team


def team_ids_of(user) -> list[int]:
    """The teams `user` is a member of (one tiny query).

    An API key's service account carries its key's teams instead (`scope_team_ids`, set
    by the API's authentication): it is a member of no team, so without them it sees
    nothing."""
    bound = getattr(user, "scope_team_ids", None)
    if bound is not None:
        return list(bound)
    return list(
        Team.members.through.objects.filter(user_id=user.pk).values_list("team_id", flat=True)
    )


def teams_filable_by(*, user) -> QuerySet[Team]:
    """The teams `user` may file a PQR into: every active team for supervisors and
    administrators; an agent only their own teams (a PQR filed elsewhere would vanish
    from their queue at once)."""
    qs = Team.objects.filter(is_active=True)
    if has_role(user, Role.SUPERVISOR):
        return qs
    return qs.filter(pk__in=team_ids_of(user))


def pqr_visible_to(*, user, one_statement: bool = False) -> QuerySet[Pqr]:
    """Supervisors and administrators see every PQR; agents their teams' and their own.

    A literal id list by default: the planner then knows how many rows the team holds
    and picks the team's partial index (lists). `one_statement` puts the team ids in a
    subquery instead, for a single PQR read by id (the PQR page: one query fewer)."""
    qs = Pqr.objects.all()
    if has_role(user, Role.SUPERVISOR):
        return qs
    if one_statement and getattr(user, "scope_team_ids", None) is None:
        teams = Team.members.through.objects.filter(user_id=user.pk).values("team_id")
    else:
        teams = team_ids_of(user)
    return qs.filter(Q(team_id__in=teams) | Q(assigned_to_id=user.pk))


def pqr_for_user(*, user, pk: int) -> Pqr:
    """The PQR page's object, 404 when out of the user's scope."""
    qs = pqr_visible_to(user=user).select_related(
        "pqr_type", "customer", "team", "assigned_to", "moment_of_truth", "root_cause", "created_by"
    )
    return get_object_or_404(qs, pk=pk)
