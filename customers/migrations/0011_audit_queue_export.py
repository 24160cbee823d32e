from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0010_audit_list_export"),
    ]

    operations = [
        migrations.AlterField(
            model_name="customeraudit",
            name="action",
            field=models.CharField(
                choices=[
                    ("merge", "Fusión"),
                    ("anonymise", "Anonimización"),
                    ("export", "Exportación de datos"),
                    ("edit", "Edición de datos"),
                    ("list_export", "Exportación del listado de clientes"),
                    ("queue_export", "Exportación de la bandeja de PQR"),
                ],
                max_length=12,
                verbose_name="acción",
            ),
        ),
    ]
