"""Cascades along the sessions' foreign keys, and the functions, triggers and row-level
security of sessions/sql/ (gymtracker.dbobjects)."""

from django.db import migrations

from gymtracker.db import database_cascades, mark_search_match_leakproof
from gymtracker.dbobjects import SyncSql


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0001_squashed_0017_session_notes_length"),
        ("accounts", "0002_database_objects"),
        # The member-data triggers (sql/functions/member_data_changed.sql) are on session_comments too.
        ("coaching", "0001_squashed_0004_relationship_rules"),
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
        # Reversing 0003 brings back the member-data functions from before it (frozen there), which
        # no file defines any more: reversed this far, they go, their triggers with them.
        migrations.RunSQL(
            sql=migrations.RunSQL.noop,
            reverse_sql="DROP FUNCTION IF EXISTS member_data_touch(uuid[]), member_data_workout_plans_changed(), "
            "member_data_workout_templates_changed(), member_data_workout_sessions_changed(), "
            "member_data_workout_sets_changed(), member_data_session_comments_changed(), "
            "member_data_comment_authors_renamed() CASCADE",
        ),
    ]
