from django.db import migrations

# code: (days, extension rule, extension days, silence effect, source)
TERMS = {
    "peticion": (15, "double", 0, "none", "Ley 1755/2015 art. 14"),
    "peticion_informacion": (10, "double", 0, "accepted", "Ley 1755/2015 art. 14.1"),
    "consulta": (30, "double", 0, "none", "Ley 1755/2015 art. 14.2"),
    "queja": (15, "double", 0, "none", "Ley 1755/2015 art. 14; política"),
    "reclamo": (15, "double", 0, "none", "Ley 1755/2015 art. 14; política"),
    "sugerencia": (15, "double", 0, "none", "Ley 1755/2015 art. 14; política"),
    "denuncia": (15, "double", 0, "none", "Ley 1755/2015 art. 14; política"),
    "felicitacion": (15, "double", 0, "none", "Ley 1755/2015 art. 14; política"),
    "habeas_data_consulta": (10, "fixed", 5, "none", "Ley 1581/2012 art. 14"),
    "habeas_data_reclamo": (15, "fixed", 8, "none", "Ley 1581/2012 art. 15"),
    "garantia": (15, "none", 0, "late", "Ley 1480/2011 art. 58.5"),
}


def seed(apps, schema_editor):
    PqrType = apps.get_model("pqr", "PqrType")
    LegalTerm = apps.get_model("sla", "LegalTerm")
    Organization = apps.get_model("sla", "Organization")
    Organization.objects.get_or_create(pk=1, defaults={"working_weekdays": [0, 1, 2, 3, 4]})
    for pqr_type in PqrType.objects.filter(code__in=TERMS):
        days, rule, ext, silence, source = TERMS[pqr_type.code]
        LegalTerm.objects.get_or_create(
            pqr_type=pqr_type,
            defaults={
                "days": days,
                "extension_rule": rule,
                "extension_days": ext,
                "silence_effect": silence,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_initial"), ("pqr", "0002_seed_catalogues")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
