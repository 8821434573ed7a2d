"""A coach may act as a consenting member for an import of their history
(sql/functions/coaching_act_for.sql, reading users.coach_may_import)."""

from django.db import migrations

from gymtracker.dbobjects import SyncSql


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0002_database_objects"),
        ("accounts", "0003_coach_may_import"),
    ]

    operations = [SyncSql("coaching")]
