"""`member_data_touch` keeps its plan for the connection.

Every write of a member's data calls it, through the data-version triggers (migration 0008), and
it planned its one INSERT on every call: before PostgreSQL 18 an SQL function's statements are
planned at each call, and on 18 this one asked for custom plans. As PL/pgSQL with a generic plan
it is planned once per connection. The statement joins the given members to `users` by primary
key and upserts by primary key, so the same plan fits any number of members and any data size.
In-process at `large`, a set log's database time went down by about a tenth with this and
progress migration 0010.
"""

from django.db import migrations

TOUCH = """
    INSERT INTO member_data_versions AS v (user_id)
    SELECT DISTINCT m.id FROM unnest(members) AS m(id) JOIN users u ON u.id = m.id
    ORDER BY 1
    ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1, changed_at = clock_timestamp();
"""
SETTINGS = "SET search_path = pg_catalog, public, pg_temp SET app.system = 'member_data_versions'"

TOUCH_PLPGSQL = f"""
CREATE OR REPLACE FUNCTION member_data_touch(members uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER {SETTINGS} SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
{TOUCH}
END
$$;
"""  # nosec B608 - constant SQL built from this file's literals

TOUCH_SQL = f"""
CREATE OR REPLACE FUNCTION member_data_touch(members uuid[]) RETURNS void
LANGUAGE sql SECURITY DEFINER {SETTINGS} SET plan_cache_mode = force_custom_plan
AS $$
{TOUCH}
$$;
"""  # nosec B608 - constant SQL built from this file's literals


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0013_set_log_edits"),
    ]

    operations = [
        migrations.RunSQL(sql=TOUCH_PLPGSQL, reverse_sql=TOUCH_SQL),
    ]
