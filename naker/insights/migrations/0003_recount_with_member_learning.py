"""Unions' figures now include their members' enrolments and completions (issue 9, step 2).

The aggregates are kept incrementally past watermarks, so rows counted before this change would
never be attributed to the learners' unions. Emptying them makes the next refresh (`refresh_insights`,
or the first dashboard opened) count everything again, this time for the unions too."""

from django.db import migrations


def recount(apps, schema_editor):
    for model in ("DailyCount", "Breakdown", "Watermark"):
        apps.get_model("insights", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0002_adoption_target_from_outreach")]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
