from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from naker.skills.loader import load_classifications

    load_classifications(apps.get_model("skills", "Sector"), apps.get_model("skills", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("skills", "0001_sectors_occupations")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
