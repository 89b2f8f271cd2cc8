"""The user's join date on the worker profile, beside the region, and the indexes a chamber's member
list reads a page from (issue 13, ADR 0013 "Member lists"). Existing profiles are filled in batches
of user ids (one UPDATE per batch, the date read from the user row) before the column becomes NOT NULL;
then the table's planner statistics are refreshed. On PostgreSQL the UPDATE leaves a dead copy of each
row for autovacuum; `VACUUM ANALYZE accounts_workerprofile` after a large migration tidies at once."""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery

import naker.accounts.models

BATCH = 20_000


def copy_join_dates(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    WorkerProfile = apps.get_model("accounts", "WorkerProfile")
    top = WorkerProfile.objects.aggregate(m=Max("user_id"))["m"] or 0
    joined = Subquery(User.objects.filter(pk=OuterRef("user_id")).values("date_joined")[:1])
    for lo in range(0, top + 1, BATCH):
        WorkerProfile.objects.filter(user_id__gte=lo, user_id__lt=lo + BATCH).update(joined=joined)


def analyze_profiles(apps, schema_editor):
    # The planner's statistics for the new column and indexes (ADR 0013 "Planner statistics").
    schema_editor.execute("ANALYZE accounts_workerprofile")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_live_newest_first"),
    ]

    operations = [
        migrations.AddField(
            model_name="workerprofile",
            name="joined",
            field=naker.accounts.models.UserJoinedField(editable=False, null=True),
        ),
        migrations.RunPython(copy_join_dates, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="workerprofile",
            name="joined",
            field=naker.accounts.models.UserJoinedField(editable=False),
        ),
        migrations.AddIndex(
            model_name="workerprofile",
            index=models.Index(fields=["province", "-joined", "-user"], name="worker_province_newest_first"),
        ),
        migrations.AddIndex(
            model_name="workerprofile",
            index=models.Index(fields=["regency", "-joined", "-user"], name="worker_regency_newest_first"),
        ),
        migrations.RunPython(analyze_profiles, migrations.RunPython.noop, elidable=True),
    ]
