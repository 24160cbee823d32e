"""The viewer's reads that the queue and the PQR page fold into their one statement
(issue 18): the names of the viewer's roles, and the bell's unread count with
sla.inbox.unread_count's rules (the unread notifications of PQRs the viewer may see now,
pqr.visibility: every PQR for supervisors and administrators; up to BADGE_CAP)."""

from __future__ import annotations

from django.contrib.auth.models import Group

from core.roles import ROLE_RANK, Role
from sla.inbox import BADGE_CAP
from sla.models import Alert, Notification

from .models import Pqr, Team

_MEMBERS = Team.members.through._meta.db_table

ROLE_NAMES_SQL = f"""SELECT g.name FROM {Group._meta.db_table} g
  JOIN {Group.user_set.through._meta.db_table} ug ON ug.group_id = g.id
  WHERE ug.user_id = %(user)s"""  # noqa: S608 - table names only

UNREAD_COUNT_SQL = f"""(SELECT count(*) FROM (
     SELECT 1 FROM {Notification._meta.db_table} n
     JOIN {Alert._meta.db_table} a ON a.id = n.alert_id
     JOIN {Pqr._meta.db_table} p ON p.id = a.pqr_id
     WHERE n.user_id = %(user)s AND n.read_at IS NULL
       AND (%(unscoped)s
            OR EXISTS (SELECT 1 FROM ({ROLE_NAMES_SQL}) r WHERE r.name = ANY(%(wide)s))
            OR p.team_id IN (SELECT m.team_id FROM {_MEMBERS} m WHERE m.user_id = %(user)s)
            OR p.assigned_to_id = %(user)s)
     LIMIT %(cap)s) capped)"""  # noqa: S608 - table names only; the values are parameters


def viewer_params(user) -> dict:
    """The parameters of ROLE_NAMES_SQL and UNREAD_COUNT_SQL for `user`."""
    wide = [str(role) for role, rank in ROLE_RANK.items() if rank >= ROLE_RANK[Role.SUPERVISOR]]
    return {"user": user.pk, "unscoped": user.is_superuser, "wide": wide, "cap": BADGE_CAP}
