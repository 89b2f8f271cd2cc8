import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("skills", "0003_skill"),
    ]

    operations = [
        migrations.AddField(
            model_name="skill",
            name="decree",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.CreateModel(
            name="UnitElement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                ("title", models.CharField(max_length=300)),
                ("criteria", models.JSONField(blank=True, default=list)),
                (
                    "skill",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="elements", to="skills.skill"
                    ),
                ),
            ],
            options={
                "ordering": ["skill", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("skill", "position"), name="unitelement_unique_position")
                ],
            },
        ),
    ]
