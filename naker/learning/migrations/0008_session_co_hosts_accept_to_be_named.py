"""A class's co-hosts become links with an `accepted` flag: an organisation named by someone who
does not oversee it is pending until its officers accept. The table is the plain many-to-many's;
existing links are kept as accepted."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_organizations_memberships"),
        ("learning", "0007_course_code_is_slug"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SessionCoHost",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "offlinesession",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="co_host_links",
                                to="learning.offlinesession",
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
                        "db_table": "learning_offlinesession_co_hosts",
                        "unique_together": {("offlinesession", "organization")},
                    },
                ),
                migrations.AlterField(
                    model_name="offlinesession",
                    name="co_hosts",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="cohosted_sessions",
                        through="learning.SessionCoHost",
                        to="organizations.organization",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="sessioncohost",
            name="accepted",
            field=models.BooleanField(default=True),
        ),
    ]
