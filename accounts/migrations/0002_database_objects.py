"""The database's side of accounts: the app's role and its grants, cascades along foreign keys,
and the functions and row-level security of accounts/sql/ (gymtracker.dbobjects). (The roles as
groups are kept by accounts.roles after every `migrate`.) Every app's `0002_database_objects` comes after every app's
tables, because policies and functions read other apps' tables."""

import re

from django.conf import settings
from django.db import migrations

from gymtracker.db import database_cascades
from gymtracker.dbobjects import SyncSql

ROLE = settings.DATABASE_APP_ROLE
# The name goes into SQL as an identifier, so it must be a plain one.
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", ROLE):
    raise ValueError(f"DATABASE_APP_ROLE must be a lower-case SQL identifier, not {ROLE!r}")

CREATE_ROLE = f"""
DO $$
BEGIN
    -- Roles belong to the whole server, so another database may have made it already.
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN
        CREATE ROLE {ROLE} NOLOGIN NOBYPASSRLS;
    END IF;
EXCEPTION
    -- Two databases migrated at once (the test suite's, one per process) may both have found it
    -- missing: the second to create it finds the first's, which is the same role.
    WHEN unique_violation OR duplicate_object THEN NULL;
END
$$;
"""  # nosec B608

GRANTS = [
    f"GRANT USAGE ON SCHEMA public TO {ROLE}",
    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}",
    f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ROLE}",
    # Tables made by later migrations (run by this same owner) are granted as they are created.
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ROLE}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {ROLE}",
]
# (bandit: ROLE is checked above to be a plain identifier.)
REVOKES = [
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM {ROLE}",  # nosec B608
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {ROLE}",  # nosec B608
    f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {ROLE}",
    f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {ROLE}",
    f"REVOKE USAGE ON SCHEMA public FROM {ROLE}",
]


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_squashed_0010_form_submissions"),
        ("plans", "0001_squashed_0005_plan_created_by"),
        ("workouts", "0001_squashed_0017_session_notes_length"),
        ("coaching", "0001_squashed_0004_relationship_rules"),
        ("progress", "0001_squashed_0012_records_rebuild"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.RunSQL(sql=[CREATE_ROLE, *GRANTS], reverse_sql=REVOKES),
        # Deleting or re-keying a user in plain SQL carries along everything that points at them.
        database_cascades(
            ("users_groups", "user_id", "users"),
            ("users_groups", "group_id", "auth_group"),
            ("users_user_permissions", "user_id", "users"),
            ("users_user_permissions", "permission_id", "auth_permission"),
            ("django_admin_log", "user_id", "users"),
            ("health_profiles", "user_id", "users"),
            ("form_submissions", "user_id", "users"),
        ),
        # History and the audit log outlive the account that made them; they only forget who.
        database_cascades(
            ("users_history", "history_user_id", "users"),
            ("audit_events", "user_id", "users"),
            on_delete="SET NULL",
        ),
        SyncSql("accounts", creates=True),
    ]
