"""Cascades along the sessions' foreign keys, and the functions, triggers and row-level
security of sessions/sql/ (gymtracker.dbobjects)."""

from django.db import migrations

from gymtracker.db import database_cascades, mark_search_match_leakproof
from gymtracker.dbobjects import SyncSql


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0001_squashed_0017_session_notes_length"),
        ("accounts", "0002_database_objects"),
    ]

    operations = [
        database_cascades(
            ("workout_sessions", "user_id", "users"),
            ("workout_sets", "workout_session_id", "workout_sessions"),
            ("workout_sets", "workout_template_id", "workout_templates"),
            ("member_data_versions", "user_id", "users"),
        ),
        database_cascades(
            ("workout_sessions_history", "history_user_id", "users"),
            ("workout_sets_history", "history_user_id", "users"),
            ("workout_sessions", "workout_plan_id", "workout_plans"),
            on_delete="SET NULL",
        ),
        SyncSql("workouts", creates=True),
        # Search through the GIN index under row-level security (gymtracker.db).
        mark_search_match_leakproof(),
    ]
