"""`member_data_versions`, the table (its triggers, policies and backfill are in 0008: PostgreSQL
adds the table's foreign key only at the end of this migration, and 0008 sets its cascades)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import gymtracker.db


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_audit_account_deleted"),
        ("workouts", "0006_search_match_leakproof"),
        ("plans", "0003_row_level_security"),
        ("coaching", "0002_row_level_security"),
    ]

    operations = [
        migrations.CreateModel(
            name="MemberDataVersion",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="data_version",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("version", models.BigIntegerField(db_default=1)),
                ("changed_at", models.DateTimeField(db_default=gymtracker.db.TransactionNow())),
            ],
            options={
                "db_table": "member_data_versions",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("version__gt", 0)), name="member_data_versions_positive")
                ],
            },
        ),
    ]
