"""An event's organisers become links with an `accepted` flag: an organisation named by someone who
does not oversee it is pending until its officers accept. The table is the plain many-to-many's;
existing links are kept as accepted."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_organizations_memberships"),
        ("outreach", "0004_refused_row_person_hashes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EventOrganizer",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "socialisationevent",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="organizer_links",
                                to="outreach.socialisationevent",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="organizations.organization",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "outreach_socialisationevent_organizers",
                        "unique_together": {("socialisationevent", "organization")},
                    },
                ),
                migrations.AlterField(
                    model_name="socialisationevent",
                    name="organizers",
                    field=models.ManyToManyField(
                        related_name="socialisation_events",
                        through="outreach.EventOrganizer",
                        to="organizations.organization",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="eventorganizer",
            name="accepted",
            field=models.BooleanField(default=True),
        ),
    ]
