"""Adoption targets belong to insights: the table is renamed to insights_adoptiontarget (its rows
stay) and the model leaves outreach's state; insights 0002 takes it into its state without touching
the database."""

from django.db import migrations


def move_content_type(apps, schema_editor):
    # Permissions given on the model follow it (the content type keeps its id).
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="insights", model="adoptiontarget").exists():
        ContentType.objects.filter(app_label="outreach", model="adoptiontarget").update(app_label="insights")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="outreach", model="adoptiontarget").exists():
        ContentType.objects.filter(app_label="insights", model="adoptiontarget").update(app_label="outreach")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("outreach", "0002_targets_referrals_events"),
    ]

    operations = [
        migrations.AlterModelTable(name="adoptiontarget", table="insights_adoptiontarget"),
        migrations.RunPython(move_content_type, move_content_type_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AdoptionTarget")],
            database_operations=[],
        ),
    ]
