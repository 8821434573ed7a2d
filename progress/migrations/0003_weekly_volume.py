"""`weekly_volume`: each member's volume, sets, reps and bests per exercise and ISO week, as a
materialized view refreshed CONCURRENTLY (`manage.py refresh_progress`), with the time of the
last refresh in `progress_refreshes` so pages can say "as of ...".

Materialized views cannot have row-level security. So the app's role gets no privilege on the
view itself; it reads `member_weekly_volume`, a plain view owned by the migration's owner (views
run with their owner's rights) whose WHERE clause applies the same rule as the member tables'
policies: the member's own rows, or every row in a privileged (staff or system) context. The
view is a security barrier, so no function in a caller's WHERE clause sees rows before that
filter has run. Only the owner may REFRESH a materialized view; `progress_refresh_weekly_volume()`
is SECURITY DEFINER for that, and refuses to run outside a named system context: under FORCE'd
policies (a non-superuser owner, as in production) a refresh in a member's context would see only
that member's sets and empty everybody else's weeks.
"""

import re

from django.conf import settings
from django.db import migrations

ROLE = settings.DATABASE_APP_ROLE
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", ROLE):
    raise ValueError(f"DATABASE_APP_ROLE must be a lower-case SQL identifier, not {ROLE!r}")

CREATE = f"""
CREATE MATERIALIZED VIEW weekly_volume AS
SELECT s.user_id,
       lower(t.exercise_name) AS exercise,
       date_trunc('week', s.date)::date AS week,
       sum(ws.actual_reps * coalesce(ws.weight_kg, 0))::numeric(14, 2) AS volume_kg,
       count(*)::integer AS sets,
       sum(ws.actual_reps)::bigint AS reps,
       max(ws.weight_kg) FILTER (WHERE ws.actual_reps > 0) AS best_weight_kg,
       max(progress_e1rm(ws.weight_kg, ws.actual_reps)) AS best_e1rm_kg
FROM workout_sets ws
JOIN workout_sessions s ON s.id = ws.workout_session_id
JOIN workout_templates t ON t.id = ws.workout_template_id
WHERE ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL AND s.deleted_at IS NULL
GROUP BY 1, 2, 3
WITH DATA;

-- REFRESH ... CONCURRENTLY needs a unique index over all rows; it also serves a member's weeks.
CREATE UNIQUE INDEX weekly_volume_member_exercise_week ON weekly_volume (user_id, exercise, week);
CREATE INDEX weekly_volume_member_week ON weekly_volume (user_id, week);
REVOKE ALL ON weekly_volume FROM {ROLE};

CREATE TABLE progress_refreshes (
    name text PRIMARY KEY,
    refreshed_at timestamptz NOT NULL
);
INSERT INTO progress_refreshes VALUES ('weekly_volume', now());
REVOKE ALL ON progress_refreshes FROM {ROLE};
GRANT SELECT ON progress_refreshes TO {ROLE};

CREATE VIEW member_weekly_volume WITH (security_barrier) AS
SELECT * FROM weekly_volume
WHERE user_id = (SELECT app_user_id()) OR (SELECT app_privileged());
REVOKE ALL ON member_weekly_volume FROM {ROLE};
GRANT SELECT ON member_weekly_volume TO {ROLE};

CREATE FUNCTION progress_refresh_weekly_volume() RETURNS timestamptz
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    done timestamptz := clock_timestamp();
BEGIN
    IF coalesce(current_setting('app.system', true), '') = '' THEN
        RAISE EXCEPTION 'weekly_volume is refreshed in a named system context only';
    END IF;
    REFRESH MATERIALIZED VIEW CONCURRENTLY weekly_volume;
    UPDATE progress_refreshes SET refreshed_at = done WHERE name = 'weekly_volume';
    RETURN done;
END
$$;
REVOKE ALL ON FUNCTION progress_refresh_weekly_volume() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION progress_refresh_weekly_volume() TO {ROLE};
"""  # nosec B608 - ROLE is checked above to be a plain identifier

DROP = """
DROP FUNCTION progress_refresh_weekly_volume();
DROP VIEW member_weekly_volume;
DROP TABLE progress_refreshes;
DROP MATERIALIZED VIEW weekly_volume;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0002_statistics_triggers"),
    ]

    operations = [migrations.RunSQL(sql=CREATE, reverse_sql=DROP)]
