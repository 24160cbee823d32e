from django.db import migrations


def seed(apps, schema_editor):
    from customers.tag_catalogue import TAGS

    DifficultyTag = apps.get_model("customers", "DifficultyTag")
    for order, (slug, name, description, guidance) in enumerate(TAGS, start=1):
        DifficultyTag.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "guidance": guidance, "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("customers", "0003_search_index")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
