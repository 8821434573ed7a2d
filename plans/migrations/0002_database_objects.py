"""Cascades along the plans' foreign keys, and the row-level security of plans/sql/
(gymtracker.dbobjects)."""

from django.db import migrations

from gymtracker.db import database_cascades
from gymtracker.dbobjects import SyncSql


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_squashed_0005_plan_created_by"),
        ("accounts", "0002_database_objects"),
    ]

    operations = [
        database_cascades(
            ("workout_plans", "user_id", "users"),
            ("workout_templates", "workout_plan_id", "workout_plans"),
        ),
        database_cascades(
            ("workout_plans_history", "history_user_id", "users"),
            ("workout_templates_history", "history_user_id", "users"),
            ("workout_plans", "created_by_id", "users"),
            on_delete="SET NULL",
        ),
        SyncSql("plans", creates=True),
    ]
