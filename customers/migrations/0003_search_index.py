from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# unaccent() is only STABLE, so it cannot back an index; this wrapper pins the
# dictionary and is declared IMMUTABLE so the expression index below is allowed.
CREATE_FN = """
CREATE OR REPLACE FUNCTION customers_immutable_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
"""
CREATE_IDX = """
CREATE INDEX IF NOT EXISTS customer_name_trgm_idx ON customers_customer
USING gin (lower(customers_immutable_unaccent(full_name)) gin_trgm_ops);
"""


class Migration(migrations.Migration):
    dependencies = [("customers", "0002_tags_consent_audit")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(CREATE_FN, "DROP FUNCTION IF EXISTS customers_immutable_unaccent(text);"),
        migrations.RunSQL(CREATE_IDX, "DROP INDEX IF EXISTS customer_name_trgm_idx;"),
    ]
