"""Course codes name courses in addresses: the database refuses one that is not a slug.

A package could store any code before (issue 8, item 3); such a code is first rewritten into a slug
(kept unique with the course's id), so that the constraint can be added on any database.
"""

from django.db import migrations, models
from django.utils.text import slugify

PATTERN = r"\A[-a-zA-Z0-9_]+\Z"


def slugify_bad_codes(apps, schema_editor):
    Course = apps.get_model("learning", "Course")
    for course in Course.objects.exclude(code__regex=PATTERN).only("pk", "code"):
        code = (slugify(course.code) or "kursus")[:60]
        if Course.objects.filter(code=code).exclude(pk=course.pk).exists():
            code = f"{code}-{course.pk}"
        Course.objects.filter(pk=course.pk).update(code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0006_course_popular_index"),
    ]

    operations = [
        migrations.RunPython(slugify_bad_codes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="course",
            constraint=models.CheckConstraint(condition=models.Q(code__regex=PATTERN), name="course_code_is_slug"),
        ),
    ]
