"""Cascades along coaching's foreign keys, and the functions, triggers and row-level security
of coaching/sql/ (gymtracker.dbobjects)."""

from django.db import migrations

from gymtracker.db import database_cascades
from gymtracker.dbobjects import SyncSql


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0001_squashed_0004_relationship_rules"),
        ("accounts", "0002_database_objects"),
    ]

    operations = [
        database_cascades(
            ("coach_relationships", "coach_id", "users"),
            ("coach_relationships", "member_id", "users"),
            ("coach_invites", "coach_id", "users"),
            ("session_comments", "workout_session_id", "workout_sessions"),
            ("session_comments", "author_id", "users"),
        ),
        database_cascades(
            ("coach_invites", "accepted_by_id", "users"),
            ("coach_relationships_history", "history_user_id", "users"),
            ("session_comments_history", "history_user_id", "users"),
            on_delete="SET NULL",
        ),
        SyncSql("coaching", creates=True),
    ]
