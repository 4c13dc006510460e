from django.db import migrations

KEYS = ["internet", "security", "privacy", "protection", "wellbeing"]


def create(apps, schema_editor):
    SkillArea = apps.get_model("curriculum", "SkillArea")
    for order, key in enumerate(KEYS):
        SkillArea.objects.update_or_create(key=key, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
