"""Fills each post's applications per stage (`Opportunity.applicants_<stage>`, issue 13) from its
applications, as the posts page counted them (accounts not erased): one statement, set-based."""

from django.db import migrations
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

STAGES = ("applied", "shortlisted", "interview", "offered", "hired", "not_selected", "withdrawn")


def fill(apps, schema_editor):
    Opportunity = apps.get_model("jobs", "Opportunity")
    Application = apps.get_model("jobs", "Application")

    def counted(stage):
        n = (
            Application.objects.filter(opportunity=OuterRef("pk"), stage=stage, worker__erased_at__isnull=True)
            .order_by()
            .values("opportunity")
            .annotate(n=Count("id"))
            .values("n")
        )
        return Coalesce(Subquery(n, output_field=IntegerField()), Value(0))

    Opportunity.objects.update(**{f"applicants_{stage}": counted(stage) for stage in STAGES})


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0005_opportunity_stage_counters"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
