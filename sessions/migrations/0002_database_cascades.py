from django.db import migrations

from gymtracker.db import database_cascades


class Migration(migrations.Migration):
    """The design's ON DELETE CASCADE / ON UPDATE CASCADE, kept by PostgreSQL itself."""

    dependencies = [
        ("workouts", "0001_initial"),
    ]

    operations = [
        database_cascades(
            ("workout_sessions", "user_id", "users"),
            ("workout_sets", "workout_session_id", "workout_sessions"),
            ("workout_sets", "workout_template_id", "workout_templates"),
        ),
        database_cascades(
            ("workout_sessions_history", "history_user_id", "users"),
            ("workout_sets_history", "history_user_id", "users"),
            on_delete="SET NULL",
        ),
    ]
