"""`member_data_versions`: a number per member that PostgreSQL raises in the same transaction as
every change to that member's training data (plans, exercises, sessions, sets), so a cached page
part keyed by it can never outlive the data it shows.

Statement-level triggers with transition tables on the four workout tables work out which members
a statement touched and add one to each of their versions (inserting the row on a member's first
change). Any path that writes the tables raises it: the app, the admin, a coach, a bulk load, a
cascade. Because the change and the raise commit together, a reader that reads the version before
the data never pairs an old version with data it has not seen, and a reader of a newer version
never finds a page part made from older data.

Who may write: as for `exercise_stats` (`progress` `0002`), the trigger functions are SECURITY
DEFINER with `SET app.system = 'member_data_versions'`, and a restrictive policy lets only that
context write the table. Members read their own version, coaches their current members', staff
and system jobs all.
"""

from django.db import migrations

from gymtracker.db import database_cascades


ME = "(SELECT app_user_id())"
PRIVILEGED = "(SELECT app_privileged())"
COACHED = "(SELECT app_coached_members())"
TRIGGERS_ONLY = "(SELECT coalesce(current_setting('app.system', true), '')) = 'member_data_versions'"
DEFINER = (
    "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET app.system = 'member_data_versions' "
    "SET plan_cache_mode = force_custom_plan"
)

# How each table's transition rows name their member.
MEMBERS_OF = {
    "workout_plans": "SELECT user_id FROM {rows}",
    "workout_sessions": "SELECT user_id FROM {rows}",
    "workout_templates": "SELECT p.user_id FROM {rows} r JOIN workout_plans p ON p.id = r.workout_plan_id",
    "workout_sets": "SELECT s.user_id FROM {rows} r JOIN workout_sessions s ON s.id = r.workout_session_id",
}

SECURE = f"""
ALTER TABLE member_data_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE member_data_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY member_data_versions_read ON member_data_versions FOR SELECT
    USING (user_id = {ME} OR user_id IN {COACHED} OR {PRIVILEGED});
CREATE POLICY member_data_versions_write ON member_data_versions FOR ALL
    USING ({TRIGGERS_ONLY}) WITH CHECK ({TRIGGERS_ONLY});
CREATE POLICY member_data_versions_write_only_by_triggers ON member_data_versions AS RESTRICTIVE FOR INSERT
    WITH CHECK ({TRIGGERS_ONLY});
CREATE POLICY member_data_versions_update_only_by_triggers ON member_data_versions AS RESTRICTIVE FOR UPDATE
    USING ({TRIGGERS_ONLY}) WITH CHECK ({TRIGGERS_ONLY});
CREATE POLICY member_data_versions_delete_only_by_triggers ON member_data_versions AS RESTRICTIVE FOR DELETE
    USING ({TRIGGERS_ONLY});

-- Raises the version of each member in `members` that still exists (a cascade from an erased
-- account reaches here after its users row is gone), in a fixed order so that two transactions
-- touching the same members take their row locks in the same order.
CREATE FUNCTION member_data_touch(members uuid[]) RETURNS void
LANGUAGE sql {DEFINER}
AS $$
    INSERT INTO member_data_versions AS v (user_id)
    SELECT DISTINCT m.id FROM unnest(members) AS m(id) JOIN users u ON u.id = m.id
    ORDER BY 1
    ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1, changed_at = clock_timestamp();
$$;
REVOKE ALL ON FUNCTION member_data_touch(uuid[]) FROM PUBLIC;
"""  # nosec B608 - constant SQL built from this file's literals

UNSECURE = """
DROP FUNCTION member_data_touch(uuid[]);
DROP POLICY member_data_versions_delete_only_by_triggers ON member_data_versions;
DROP POLICY member_data_versions_update_only_by_triggers ON member_data_versions;
DROP POLICY member_data_versions_write_only_by_triggers ON member_data_versions;
DROP POLICY member_data_versions_write ON member_data_versions;
DROP POLICY member_data_versions_read ON member_data_versions;
ALTER TABLE member_data_versions NO FORCE ROW LEVEL SECURITY;
ALTER TABLE member_data_versions DISABLE ROW LEVEL SECURITY;
"""


def trigger_function(table: str, members: str | None = None) -> str:
    """`members`: how the table's transition rows name their member (MEMBERS_OF by default)."""
    members = members or MEMBERS_OF[table]
    return f"""
CREATE FUNCTION member_data_{table}_changed() RETURNS trigger
LANGUAGE plpgsql {DEFINER}
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM member_data_touch(ARRAY({members.format(rows="new_rows")}));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM member_data_touch(ARRAY({members.format(rows="old_rows")}));
    ELSE
        PERFORM member_data_touch(
            ARRAY({members.format(rows="old_rows")} UNION {members.format(rows="new_rows")})
        );
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER member_data_{table}_inserted AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_{table}_changed();
CREATE TRIGGER member_data_{table}_updated AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION member_data_{table}_changed();
CREATE TRIGGER member_data_{table}_deleted AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_{table}_changed();
"""  # nosec B608 - constant SQL built from this file's literals


def drop_trigger_function(table: str) -> str:
    return f"""
DROP TRIGGER member_data_{table}_deleted ON {table};
DROP TRIGGER member_data_{table}_updated ON {table};
DROP TRIGGER member_data_{table}_inserted ON {table};
DROP FUNCTION member_data_{table}_changed();
"""


# Every member with training data starts at version 1.
BACKFILL = """
SELECT member_data_touch(array_agg(DISTINCT user_id)) FROM workout_plans;
SELECT member_data_touch(array_agg(DISTINCT user_id)) FROM workout_sessions;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0007_member_data_versions"),
        ("plans", "0003_row_level_security"),
        ("coaching", "0002_row_level_security"),
    ]

    operations = [
        database_cascades(("member_data_versions", "user_id", "users")),
        migrations.RunSQL(sql=SECURE, reverse_sql=UNSECURE),
        *(
            migrations.RunSQL(sql=trigger_function(table), reverse_sql=drop_trigger_function(table))
            for table in MEMBERS_OF
        ),
        migrations.RunSQL(sql=BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
