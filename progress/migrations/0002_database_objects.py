"""Cascades along the statistics' foreign keys, and the functions, triggers and row-level
security of progress/sql/ (gymtracker.dbobjects): statistics, records and weekly volume kept by
the database."""

from django.db import migrations

from gymtracker.db import database_cascades
from gymtracker.dbobjects import SyncSql


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0001_squashed_0012_records_rebuild"),
        ("accounts", "0002_database_objects"),
    ]

    operations = [
        database_cascades(
            ("exercise_stats", "user_id", "users"),
            ("personal_records", "user_id", "users"),
            ("personal_records", "workout_set_id", "workout_sets"),
        ),
        SyncSql("progress", creates=True),
    ]
