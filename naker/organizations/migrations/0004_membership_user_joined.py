"""The member's account's join date on the membership, beside the organisation, and the index a
union's member list reads a page from (issue 13, ADR 0013 "member lists at a million"), as
accounts 0005 did for the worker profile. Existing memberships are filled in batches of ids (one
UPDATE per batch, the date read from the user row) before the column becomes NOT NULL; then the
table's planner statistics are refreshed. On PostgreSQL the UPDATE leaves a dead copy of each row for
autovacuum; `VACUUM ANALYZE organizations_membership` after a large migration tidies at once."""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery

import naker.accounts.models

BATCH = 20_000


def copy_join_dates(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("organizations", "Membership")
    top = Membership.objects.aggregate(m=Max("pk"))["m"] or 0
    joined = Subquery(User.objects.filter(pk=OuterRef("user_id")).values("date_joined")[:1])
    for lo in range(0, top + 1, BATCH):
        Membership.objects.filter(pk__gte=lo, pk__lt=lo + BATCH).update(user_joined=joined)


def analyze_memberships(apps, schema_editor):
    # The planner's statistics for the new column and index (ADR 0013 "Planner statistics").
    schema_editor.execute("ANALYZE organizations_membership")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_workerprofile_joined"),
        ("organizations", "0003_membership_org_user"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="user_joined",
            field=naker.accounts.models.UserJoinedField(editable=False, null=True),
        ),
        migrations.RunPython(copy_join_dates, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="membership",
            name="user_joined",
            field=naker.accounts.models.UserJoinedField(editable=False),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["organization", "-user_joined", "-user"], name="membership_org_newest_first"),
        ),
        migrations.RunPython(analyze_memberships, migrations.RunPython.noop, elidable=True),
    ]
