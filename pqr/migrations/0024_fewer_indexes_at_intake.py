"""Issue 18: three pqr_pqr indexes that no query reads, written at every filing
(docs/performance.md, "Public intake over HTTP")."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0011_audit_queue_export"),
        ("pqr", "0023_request_id_database_default"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The foreign keys stay as they are; only their own indexes go (Django's
        # AlterField would drop and re-validate each constraint over every row).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="pqr",
                    name="assigned_to",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="assigned_pqrs",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="asignada a",
                    ),
                ),
                migrations.AlterField(
                    model_name="pqr",
                    name="team",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pqrs",
                        to="pqr.team",
                        verbose_name="equipo",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS pqr_pqr_assigned_to_id_35eb779a",
                    "CREATE INDEX IF NOT EXISTS pqr_pqr_assigned_to_id_35eb779a "
                    "ON pqr_pqr (assigned_to_id)",
                ),
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS pqr_pqr_team_id_ae9c34cb",
                    "CREATE INDEX IF NOT EXISTS pqr_pqr_team_id_ae9c34cb ON pqr_pqr (team_id)",
                ),
            ],
        ),
        # The unique constraint pqr_pqr_radicado_key stays as it is (now declared in
        # Meta.constraints); only the LIKE index Django made beside it goes.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="pqr",
                    name="radicado",
                    field=models.CharField(max_length=20, verbose_name="radicado"),
                ),
                migrations.AddConstraint(
                    model_name="pqr",
                    constraint=models.UniqueConstraint(
                        fields=("radicado",), name="pqr_pqr_radicado_key"
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS pqr_pqr_radicado_4ed232e7_like",
                    "CREATE INDEX IF NOT EXISTS pqr_pqr_radicado_4ed232e7_like "
                    "ON pqr_pqr (radicado varchar_pattern_ops)",
                ),
            ],
        ),
    ]
