"""A member's data version rises with their body weights too: member_data_changed
(sql/functions/member_data_changed.sql) on body_weights, which the progress migration 0004 makes.
On a database made from nothing, the earlier syncs of this app made the function without the
triggers on that table (it did not exist yet); this applies the file again. Reversed, the body weights' triggers go; the function's branch
for them stays, unused, until reversing 0003 drops the function."""

from django.db import migrations

from gymtracker.dbobjects import SyncSql

TRIGGERS = ("member_data_inserted", "member_data_updated", "member_data_deleted")


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0005_set_type"),
        ("progress", "0004_body_weights"),
    ]

    operations = [
        SyncSql("workouts"),
        migrations.RunSQL(
            sql=migrations.RunSQL.noop,
            reverse_sql=[f"DROP TRIGGER IF EXISTS {name} ON body_weights" for name in TRIGGERS],
        ),
    ]
