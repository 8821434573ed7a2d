"""The app's database role, the functions the policies read, and row-level security on the
account tables. See gymtracker/rls.py for how requests set the context."""

import re

from django.conf import settings
from django.db import migrations

from gymtracker.db import database_cascades, row_level_security

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

# The settings the server puts in each transaction (gymtracker/rls.py). Unset or empty means
# nobody: app_user_id() is NULL, which equals nothing, and app_privileged() is false.
FUNCTIONS = """
CREATE FUNCTION app_user_id() RETURNS uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION app_privileged() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT coalesce(current_setting('app.staff', true), '') = 'on'
        OR coalesce(current_setting('app.system', true), '') <> ''
$$;
"""
DROP_FUNCTIONS = "DROP FUNCTION app_privileged(); DROP FUNCTION app_user_id();"

# Policies call the functions through a sub-select, so each query evaluates them once, not per row.
ME = "(SELECT app_user_id())"
PRIVILEGED = "(SELECT app_privileged())"

# The audit log: members may read their own events, staff all; only the server writes (in its
# "audit" system context), and nobody, staff included, updates or deletes an event.
AUDIT_POLICIES = f"""
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_read ON audit_events FOR SELECT USING (user_id = {ME} OR {PRIVILEGED});
CREATE POLICY audit_events_write ON audit_events FOR INSERT WITH CHECK ({PRIVILEGED});
"""
DROP_AUDIT_POLICIES = """
DROP POLICY audit_events_write ON audit_events;
DROP POLICY audit_events_read ON audit_events;
ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_events DISABLE ROW LEVEL SECURITY;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_healthprofile_auditevent"),
    ]

    operations = [
        # (Here rather than in 0003: Django adds a new table's foreign keys at the very end of the
        # migration that creates it.)
        database_cascades(("health_profiles", "user_id", "users")),
        # The audit log outlives the account: it keeps the name and forgets the link.
        database_cascades(("audit_events", "user_id", "users"), on_delete="SET NULL"),
        migrations.RunSQL(sql=[CREATE_ROLE, *GRANTS], reverse_sql=REVOKES),
        migrations.RunSQL(sql=FUNCTIONS, reverse_sql=DROP_FUNCTIONS),
        # Coaches (a later migration) widen these with their current clients' rows.
        row_level_security("users", using=f"id = {ME} OR {PRIVILEGED}"),
        row_level_security("users_history", using=f"id = {ME} OR {PRIVILEGED}"),
        row_level_security("health_profiles", using=f"user_id = {ME} OR {PRIVILEGED}"),
        migrations.RunSQL(sql=AUDIT_POLICIES, reverse_sql=DROP_AUDIT_POLICIES),
    ]
