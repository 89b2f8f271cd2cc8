"""Adoption targets come from outreach: outreach 0003 renamed the table to insights_adoptiontarget;
here the model enters insights' state only (the table and its rows are already there)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("insights", "0001_daily_counts_breakdowns"),
        ("outreach", "0003_adoption_target_to_insights"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AdoptionTarget",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=200)),
                        ("scope", models.CharField(choices=[("nation", "Nation"), ("province", "Province"), ("regency", "Regency/city"), ("organization", "Organisation and everything under it")], max_length=12)),
                        ("scope_code", models.CharField(blank=True, max_length=64)),
                        ("metric", models.CharField(choices=[("registered", "Registered workers"), ("active", "Active learners (last 30 days)"), ("completions", "Course completions"), ("certifications", "Certifications"), ("placements", "Placements")], max_length=16)),
                        ("goal", models.PositiveIntegerField()),
                        ("start_date", models.DateField()),
                        ("due_date", models.DateField()),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["due_date"]},
                ),
            ],
            database_operations=[],
        ),
    ]
