"""Extended statistics on the legal reports' rollup keys (issue 18).

Without them PostgreSQL multiplies the columns' distinct counts and expects ~29,000
groups where a semester has ~240: it sorts 35,000 rows (spilling to disk) instead of
hashing them. With them the PQRS report's figures statement hashes in memory (1M: the
page 139-149 -> 108 ms)."""

from django.db import migrations

KEYS = "dimension, team_id, pqr_type_id, channel, root_cause_id"


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0012_causes_live_since_refresh")]

    operations = [
        migrations.RunSQL(
            [
                "CREATE STATISTICS IF NOT EXISTS dash_report_keys_stats (ndistinct)"
                f" ON {KEYS} FROM dashboards_dailyreportoutcomes",
                "ANALYZE dashboards_dailyreportoutcomes",
            ],
            reverse_sql=["DROP STATISTICS IF EXISTS dash_report_keys_stats"],
        )
    ]
