from django.db import migrations

from gymtracker.db import database_cascades


class Migration(migrations.Migration):
    """The design's ON DELETE CASCADE / ON UPDATE CASCADE, kept by PostgreSQL itself."""

    dependencies = [
        ("plans", "0001_initial"),
    ]

    operations = [
        database_cascades(
            ("workout_plans", "user_id", "users"),
            ("workout_templates", "workout_plan_id", "workout_plans"),
        ),
        database_cascades(
            ("workout_plans_history", "history_user_id", "users"),
            ("workout_templates_history", "history_user_id", "users"),
            on_delete="SET NULL",
        ),
    ]
