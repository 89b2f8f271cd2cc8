"""The search reads two counts by key instead of counting the index and its vocabulary on every
request (issue 12: speed at 20,000 courses; see naker/learning/search.py)."""

from django.db import migrations, models


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    SearchCounts = apps.get_model("learning", "SearchCounts")
    CourseSearch = apps.get_model("learning", "CourseSearch")
    SearchTerm = apps.get_model("learning", "SearchTerm")
    SearchCounts.objects.update_or_create(
        pk=1, defaults={"courses": CourseSearch.objects.count(), "terms": SearchTerm.objects.count()}
    )


class Migration(migrations.Migration):
    dependencies = [("learning", "0010_lesson_media_and_audio")]
    operations = [
        migrations.CreateModel(
            name="SearchCounts",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("courses", models.PositiveIntegerField(default=0)),
                ("terms", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
