from django.db import migrations

# The warranty claim and the habeas-data reclamo are reclamos too: six steps and a
# root cause, like every other complaint type.
TYPES = ("garantia", "habeas_data_reclamo")


def forwards(apps, schema_editor):
    apps.get_model("pqr", "PqrType").objects.filter(code__in=TYPES).update(requires_protocol=True)


def backwards(apps, schema_editor):
    apps.get_model("pqr", "PqrType").objects.filter(code__in=TYPES).update(requires_protocol=False)


class Migration(migrations.Migration):
    dependencies = [("pqr", "0010_completion_requests")]

    operations = [migrations.RunPython(forwards, backwards)]
