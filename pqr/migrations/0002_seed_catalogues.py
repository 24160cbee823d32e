from django.db import migrations


def seed(apps, schema_editor):
    from pqr.catalogues import MOMENTS_OF_TRUTH, PQR_TYPES, ROOT_CAUSES

    PqrType = apps.get_model("pqr", "PqrType")
    MomentOfTruth = apps.get_model("pqr", "MomentOfTruth")
    RootCause = apps.get_model("pqr", "RootCause")
    for order, (code, name, protocol) in enumerate(PQR_TYPES, start=1):
        PqrType.objects.get_or_create(
            code=code, defaults={"name": name, "requires_protocol": protocol, "order": order}
        )
    for order, name in enumerate(MOMENTS_OF_TRUTH, start=1):
        MomentOfTruth.objects.get_or_create(name=name, defaults={"order": order})
    for code, name in ROOT_CAUSES:
        RootCause.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("pqr", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
