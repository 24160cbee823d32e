"""Indexes for the queue at scale (bench/pqr_queue.py, docs/performance.md "PQR queue").

Plain SQL on purpose: pqr/models.py is edited by another helper at the same time; the
lead may move these into Pqr.Meta.indexes later (same names, same definitions).
"""

from django.db import migrations

OPEN = "('radicado', 'asignado', 'en_tramite', 'en_espera_cliente', 'reabierto')"

INDEXES = {
    # The default queue (open PQRs by due date) for supervisors...
    "pqr_open_due_idx": f"ON pqr_pqr (due_at, id) WHERE status IN {OPEN}",
    # ...and for an agent's team.
    "pqr_team_open_due_idx": f"ON pqr_pqr (team_id, due_at, id) WHERE status IN {OPEN}",
    # Open PQRs newest (or oldest) first.
    "pqr_open_created_idx": f"ON pqr_pqr (created_at, id) WHERE status IN {OPEN}",
    # Text search: subject__icontains is UPPER(subject) LIKE UPPER('%word%').
    "pqr_subject_trgm_idx": "ON pqr_pqr USING gin (UPPER(subject::text) gin_trgm_ops)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("pqr", "0004_customer_language_and_email_attempts"),
        ("customers", "0003_search_index"),
    ]

    # pg_trgm comes from customers/0003 (a dependency), not created or dropped here.
    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} {definition}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]
