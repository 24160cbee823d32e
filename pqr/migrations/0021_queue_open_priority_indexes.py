"""Indexes for the queue's default order at 1,000,000 PQRs (issue 18; docs/performance.md).

The queue sorts by (priority_rank, due_at, id) since migration 0013, but the index for
that order covers every PQR, so an agent's first page read some 2,000 closed or other
teams' entries to find 25 (11 ms cold). These two cover open PQRs only:
- `pqr_open_priority_due_idx`: the default order, for supervisors and for agents (whose
  scope, team or assigned to them, is then a filter over a few dozen entries);
- `pqr_open_assignee_priority_idx`: "assigned to me / to X" in that order, and, with
  `team_id` included, the capped result count as an index-only scan for any scope
  (before: a bitmap heap scan over 8,500 pages for an agent, 300 ms cold).

Plain SQL, as 0005: the PQR model is edited by other helpers at the same time.
"""

from django.db import migrations

OPEN = "('radicado', 'asignado', 'en_tramite', 'en_espera_cliente', 'reabierto')"

INDEXES = {
    "pqr_open_priority_due_idx": f"ON pqr_pqr (priority_rank, due_at, id) WHERE status IN {OPEN}",
    "pqr_open_assignee_priority_idx": (
        "ON pqr_pqr (assigned_to_id, priority_rank, due_at, id) INCLUDE (team_id) "
        f"WHERE status IN {OPEN}"
    ),
}


class Migration(migrations.Migration):
    dependencies = [("pqr", "0020_catalogue_version")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} {definition}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]
