"""`weekly_volume` becomes a table kept exact by PostgreSQL triggers, like `exercise_stats`, instead
of a materialized view refreshed by a scheduled command.

Why: the view was as old as its last refresh (every 15 minutes at best), while the statistics and
the records beside it on the same pages change in the transaction of every set. Right after a
workout the charts were empty or a week behind the numbers above them, and a deleted or restored
session took effect everywhere but there. Reading the weeks live from the raw sets instead costs
8–16 ms per exercise page at three years of history (0.5 ms from an aggregate), so the aggregate
stays, and is kept exact instead of refreshed.

How it stays exact, as `exercise_stats` does (migration 0002): statement-level triggers on sets,
sessions and exercises work out which (member, exercise, week) rows a statement touched and
recompute just those from the raw sets (`progress_weeks_recompute`); nothing is added or
subtracted, so nothing can drift. A week is small: its rows are found from the member's sessions
of those seven days (the partial index `workout_sessions_recent_live`) and each session's sets
of the exercise's templates (the (session, template) index), whatever the length of the history.
What counts is what the statistics count: sets logged as done, not removed, in live sessions,
whose exercise (its lower-cased name) is in one of the member's own plans. Weeks start on Monday
(ISO), computed by date arithmetic rather than `date_trunc`, whose result would depend on the
connection's time zone.

Which rows a change touches:

- a set inserted, changed in what counts (reps, weight, logged, removed, its session or exercise)
  or deleted: its exercise in its session's week, before and after; a set whose exercise was purged
  with it recomputes every exercise of that week; one whose session was purged is left to:
- a session deleted (for good), soft-deleted, restored, moved to another date or member: every
  exercise of its week, before and after;
- an exercise renamed or moved to another plan: both names in every week it has sets.

A bulk load (migration 0005) stands the triggers aside like the statistics' and
`progress_bulk_load_finish` rebuilds the loaded members' weeks in one pass
(`progress_weeks_rebuild`).

Who may write: only these SECURITY DEFINER functions, in their own context
(`app.system = 'weekly_volume'`), as for the statistics. Members read their own weeks, coaches
their current members', staff and system jobs all: the policies are the ones the view
`member_weekly_volume` spelt out in its WHERE clause (0003, 0004), now on the table itself.

Dropped with the view: `progress_refresh_weekly_volume()`, the `progress_refreshes` table of
refresh times and the `refresh_progress` command; nothing needs a schedule any more.
"""

import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ROLE = settings.DATABASE_APP_ROLE
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", ROLE):
    raise ValueError(f"DATABASE_APP_ROLE must be a lower-case SQL identifier, not {ROLE!r}")

ME = "(SELECT app_user_id())"
PRIVILEGED = "(SELECT app_privileged())"
COACHED = "(SELECT app_coached_members())"
TRIGGERS_ONLY = "(SELECT coalesce(current_setting('app.system', true), '')) = 'weekly_volume'"

# The statements below read by key (a member's sessions of one week, a session's sets of one
# exercise), so one plan per connection fits any history: a set log does not plan them again.
DEFINER = (
    "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET app.system = 'weekly_volume' "
    "SET plan_cache_mode = force_generic_plan"
)
# The rebuild passes over whole histories: planned for the data at hand, call by call.
DEFINER_PER_CALL = (
    "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET app.system = 'weekly_volume' "
    "SET plan_cache_mode = force_custom_plan"
)
# The bulk load's guard, as in migration 0005.
GUARD = """
    IF coalesce(current_setting('app.bulk_load', true), '') <> ''
       AND coalesce(current_setting('app.user_id', true), '') = ''
       AND coalesce(current_setting('app.staff', true), '') = '' THEN
        RETURN NULL;
    END IF;"""

WEEK_OF = "({d} - (extract(isodow FROM {d})::integer - 1))"
COUNTED = "completed_at IS NOT NULL AND deleted_at IS NULL"

DROP_VIEW = """
DROP FUNCTION progress_refresh_weekly_volume();
DROP VIEW member_weekly_volume;
DROP TABLE progress_refreshes;
DROP MATERIALIZED VIEW weekly_volume;
"""

TABLE = f"""
CREATE TABLE weekly_volume (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE ON UPDATE CASCADE,
    exercise text NOT NULL,
    week date NOT NULL CONSTRAINT weekly_volume_week_check CHECK (extract(isodow FROM week) = 1),
    volume_kg numeric(14, 2) NOT NULL,
    sets integer NOT NULL CONSTRAINT weekly_volume_sets_check CHECK (sets > 0),
    reps bigint NOT NULL,
    best_weight_kg numeric(6, 2),
    best_e1rm_kg numeric(8, 2),
    CONSTRAINT weekly_volume_pkey PRIMARY KEY (user_id, exercise, week)
);
-- A member's exercises of one week, for a recomputation of the whole week (a session deleted,
-- restored or moved).
CREATE INDEX weekly_volume_member_week ON weekly_volume (user_id, week);
COMMENT ON TABLE weekly_volume IS
    'Per member, exercise and ISO week: volume, sets, reps and bests of the counted sets; written by triggers only';
ALTER TABLE weekly_volume ENABLE ROW LEVEL SECURITY;
ALTER TABLE weekly_volume FORCE ROW LEVEL SECURITY;
CREATE POLICY weekly_volume_read ON weekly_volume FOR SELECT USING (user_id = {ME} OR {PRIVILEGED});
CREATE POLICY weekly_volume_coach ON weekly_volume FOR SELECT USING (user_id IN {COACHED});
CREATE POLICY weekly_volume_write ON weekly_volume FOR ALL USING ({TRIGGERS_ONLY}) WITH CHECK ({TRIGGERS_ONLY});
CREATE POLICY weekly_volume_insert_by_triggers ON weekly_volume AS RESTRICTIVE FOR INSERT
    WITH CHECK ({TRIGGERS_ONLY});
CREATE POLICY weekly_volume_update_by_triggers ON weekly_volume AS RESTRICTIVE FOR UPDATE
    USING ({TRIGGERS_ONLY}) WITH CHECK ({TRIGGERS_ONLY});
CREATE POLICY weekly_volume_delete_by_triggers ON weekly_volume AS RESTRICTIVE FOR DELETE
    USING ({TRIGGERS_ONLY});
"""  # nosec B608 - constant SQL built from this file's literals

# A row whose figures did not change is not written again.
ON_CONFLICT = """
        ON CONFLICT (user_id, exercise, week) DO UPDATE SET
            volume_kg = EXCLUDED.volume_kg, sets = EXCLUDED.sets, reps = EXCLUDED.reps,
            best_weight_kg = EXCLUDED.best_weight_kg, best_e1rm_kg = EXCLUDED.best_e1rm_kg
        WHERE (wv.volume_kg, wv.sets, wv.reps, wv.best_weight_kg, wv.best_e1rm_kg)
              IS DISTINCT FROM (EXCLUDED.volume_kg, EXCLUDED.sets, EXCLUDED.reps,
                                EXCLUDED.best_weight_kg, EXCLUDED.best_e1rm_kg)"""

FIGURES = """
               sum(ws.actual_reps * coalesce(ws.weight_kg, 0)) AS volume_kg,
               count(*) AS sets,
               sum(ws.actual_reps) AS reps,
               max(ws.weight_kg) FILTER (WHERE ws.actual_reps > 0) AS best_weight_kg,
               max(progress_e1rm(ws.weight_kg, ws.actual_reps)) AS best_e1rm_kg"""

# One row, from its week's sets: the member's templates of the exercise's name (a handful, by the
# plans' user index), then the member's live sessions of those seven days (the partial index
# workout_sessions_recent_live) and their sets of those templates (the (session, template) index).
# Each statement reads by key, so the plan PostgreSQL keeps for it fits any history.
RECOMPUTE_ONE = f"""
CREATE FUNCTION progress_week_recompute(p_user uuid, p_exercise text, p_week date) RETURNS void
LANGUAGE plpgsql {DEFINER}
AS $$
DECLARE
    templates uuid[];
    fresh record;
BEGIN
    templates := ARRAY(
        SELECT t.id FROM workout_plans p JOIN workout_templates t ON t.workout_plan_id = p.id
        WHERE p.user_id = p_user AND lower(t.exercise_name) = p_exercise
    );
    SELECT{FIGURES}
    INTO fresh
    FROM workout_sessions s
    JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.workout_template_id = ANY (templates)
         AND ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL
    WHERE s.user_id = p_user AND s.deleted_at IS NULL AND s.date BETWEEN p_week AND p_week + 6;
    IF fresh.sets > 0 THEN
        INSERT INTO weekly_volume AS wv
            (user_id, exercise, week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg)
        VALUES (p_user, p_exercise, p_week, fresh.volume_kg, fresh.sets, fresh.reps,
                fresh.best_weight_kg, fresh.best_e1rm_kg){ON_CONFLICT};
    ELSE
        DELETE FROM weekly_volume WHERE user_id = p_user AND exercise = p_exercise AND week = p_week;
    END IF;
END
$$;
REVOKE ALL ON FUNCTION progress_week_recompute(uuid, text, date) FROM PUBLIC;
"""  # nosec B608 - constant SQL built from this file's literals

# The rows (p_users[i], p_exercises[i], p_weeks[i]) in key order (two transactions touching the
# same rows lock them in the same order); a NULL exercise means every exercise the member has, or
# had, in that week.
RECOMPUTE = f"""
CREATE FUNCTION progress_weeks_recompute(p_users uuid[], p_exercises text[], p_weeks date[]) RETURNS void
LANGUAGE plpgsql {DEFINER}
AS $$
DECLARE
    wanted record;
    exercise text;
BEGIN
    FOR wanted IN
        SELECT DISTINCT u AS user_id, e AS exercise, w AS week
        FROM unnest(p_users, p_exercises, p_weeks) AS k(u, e, w)
        WHERE u IS NOT NULL AND w IS NOT NULL
        ORDER BY 1, 3, 2
    LOOP
        IF wanted.exercise IS NOT NULL THEN
            PERFORM progress_week_recompute(wanted.user_id, wanted.exercise, wanted.week);
            CONTINUE;
        END IF;
        FOR exercise IN
            SELECT wv.exercise FROM weekly_volume wv WHERE wv.user_id = wanted.user_id AND wv.week = wanted.week
            UNION
            SELECT lower(t.exercise_name)
            FROM workout_sessions s
            JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL
            JOIN workout_templates t ON t.id = ws.workout_template_id
            WHERE s.user_id = wanted.user_id AND s.deleted_at IS NULL
              AND s.date BETWEEN wanted.week AND wanted.week + 6
            ORDER BY 1
        LOOP
            PERFORM progress_week_recompute(wanted.user_id, exercise, wanted.week);
        END LOOP;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION progress_weeks_recompute(uuid[], text[], date[]) FROM PUBLIC;
"""  # nosec B608 - constant SQL built from this file's literals

# A bulk load's members, every week, in one pass over their sessions' sets (as
# progress_stats_rebuild does for the statistics, migration 0005).
REBUILD = f"""
CREATE FUNCTION progress_weeks_rebuild(p_users uuid[]) RETURNS void
LANGUAGE plpgsql {DEFINER_PER_CALL}
AS $$
BEGIN
    WITH per_template AS (
        SELECT s.user_id, ws.workout_template_id AS template_id, {WEEK_OF.format(d="s.date")} AS week,{FIGURES}
        FROM workout_sessions s
        -- Each session's sets through the index on the session, whatever the statistics say
        -- (during a load they lag far behind): see progress_stats_rebuild.
        CROSS JOIN LATERAL (
            SELECT ws.workout_template_id, ws.actual_reps, ws.weight_kg
            FROM workout_sets ws
            WHERE ws.workout_session_id = s.id AND ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL
            OFFSET 0
        ) ws
        WHERE s.user_id = ANY (p_users) AND s.deleted_at IS NULL
        GROUP BY 1, 2, 3
    ),
    fresh AS (
        SELECT pt.user_id, lower(t.exercise_name) AS exercise, pt.week,
               sum(pt.volume_kg) AS volume_kg, sum(pt.sets) AS sets, sum(pt.reps) AS reps,
               max(pt.best_weight_kg) AS best_weight_kg, max(pt.best_e1rm_kg) AS best_e1rm_kg
        FROM per_template pt
        JOIN workout_templates t ON t.id = pt.template_id
        JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = pt.user_id
        GROUP BY 1, 2, 3
    ),
    gone AS (
        DELETE FROM weekly_volume wv
        WHERE wv.user_id = ANY (p_users)
          AND NOT EXISTS (
              SELECT 1 FROM fresh f WHERE f.user_id = wv.user_id AND f.exercise = wv.exercise AND f.week = wv.week)
    )
    INSERT INTO weekly_volume AS wv (user_id, exercise, week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg)
    SELECT user_id, exercise, week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg
    FROM fresh
    ORDER BY user_id, week, exercise{ON_CONFLICT};
END
$$;
REVOKE ALL ON FUNCTION progress_weeks_rebuild(uuid[]) FROM PUBLIC;
"""  # nosec B608 - constant SQL built from this file's literals

# Sets: the touched sets' exercises in their sessions' weeks. A set whose session is gone was
# purged with it: the sessions' trigger recomputes that week. One whose exercise is gone names
# no exercise: every exercise of the week is recomputed.
SETS_RESOLVE = f"""
    SELECT array_agg(k.user_id), array_agg(k.exercise), array_agg(k.week) INTO users, exercises, weeks
    FROM (
        SELECT DISTINCT s.user_id, lower(t.exercise_name) AS exercise, {WEEK_OF.format(d="s.date")} AS week
        FROM touched c
        JOIN workout_sessions s ON s.id = c.workout_session_id
        LEFT JOIN workout_templates t ON t.id = c.workout_template_id
    ) k;"""  # nosec B608 - constant SQL built from this file's literals
WHAT_COUNTS = (
    "actual_reps, {t}.weight_kg, {t}.completed_at, {t}.deleted_at, {t}.workout_template_id, {t}.workout_session_id"
)

# The app's most frequent write, made cheap: one set logged for the first time (it did not count
# before the statement and counts after it) adds itself to its week's row, which stays exact for
# every column (a count, sums, and maxima that only grow), with one upsert by primary key instead
# of a recomputation. Anything else (an edit, a removal, a restore, several sets at once) takes
# the recomputation.
LOGGED = f"""
        IF (SELECT count(*) FROM new_rows) = 1 THEN
            SELECT s.user_id, lower(t.exercise_name) AS exercise, {WEEK_OF.format(d="s.date")} AS week,
                   n.actual_reps, n.weight_kg
            INTO logged
            FROM old_rows o
            JOIN new_rows n ON n.id = o.id
            -- The set counts for the member whose session it is and whose plan holds its exercise.
            JOIN workout_sessions s ON s.id = n.workout_session_id AND s.deleted_at IS NULL
            JOIN workout_templates t ON t.id = n.workout_template_id
            JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = s.user_id
            WHERE NOT (o.completed_at IS NOT NULL AND o.deleted_at IS NULL) AND n.completed_at IS NOT NULL AND n.deleted_at IS NULL;
            IF FOUND THEN
                INSERT INTO weekly_volume AS wv
                    (user_id, exercise, week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg)
                VALUES (logged.user_id, logged.exercise, logged.week,
                        logged.actual_reps * coalesce(logged.weight_kg, 0), 1, logged.actual_reps,
                        CASE WHEN logged.actual_reps > 0 THEN logged.weight_kg END,
                        progress_e1rm(logged.weight_kg, logged.actual_reps))
                ON CONFLICT (user_id, exercise, week) DO UPDATE SET
                    volume_kg = wv.volume_kg + EXCLUDED.volume_kg,
                    sets = wv.sets + 1,
                    reps = wv.reps + EXCLUDED.reps,
                    best_weight_kg = greatest(wv.best_weight_kg, EXCLUDED.best_weight_kg),
                    best_e1rm_kg = greatest(wv.best_e1rm_kg, EXCLUDED.best_e1rm_kg);
                RETURN NULL;
            END IF;
        END IF;"""  # nosec B608 - constant SQL built from this file's literals

SETS_CHANGED = f"""
CREATE FUNCTION progress_weeks_sets_changed() RETURNS trigger
LANGUAGE plpgsql {DEFINER}
AS $$
DECLARE
    users uuid[];
    exercises text[];
    weeks date[];
    logged record;
BEGIN{GUARD}
    IF TG_OP = 'INSERT' THEN
        WITH touched AS (SELECT workout_session_id, workout_template_id FROM new_rows WHERE {COUNTED})
        {SETS_RESOLVE}
    ELSIF TG_OP = 'DELETE' THEN
        WITH touched AS (SELECT workout_session_id, workout_template_id FROM old_rows WHERE {COUNTED})
        {SETS_RESOLVE}
    ELSE{LOGGED}
        -- Only a change to what counts (not a new position, RPE or timestamp) is recomputed.
        WITH changed AS (
            SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.{WHAT_COUNTS.format(t="o")}) IS DISTINCT FROM (n.{WHAT_COUNTS.format(t="n")})
        ),
        touched AS (
            SELECT workout_session_id, workout_template_id FROM old_rows JOIN changed USING (id) WHERE {COUNTED}
            UNION
            SELECT workout_session_id, workout_template_id FROM new_rows JOIN changed USING (id) WHERE {COUNTED}
        )
        {SETS_RESOLVE}
    END IF;
    IF users IS NOT NULL THEN
        PERFORM progress_weeks_recompute(users, exercises, weeks);
    END IF;
    RETURN NULL;
END
$$;
"""  # nosec B608 - constant SQL built from this file's literals

# Sessions: every exercise of the week a session left and of the week it is in now. A purged
# session's sets are gone by the time this runs (the cascade is a row trigger, fired first); an
# erased member's are not recomputed (their weeks go with their users row).
SESSIONS_CHANGED = f"""
CREATE FUNCTION progress_weeks_sessions_changed() RETURNS trigger
LANGUAGE plpgsql {DEFINER}
AS $$
DECLARE
    users uuid[];
    exercises text[];
    weeks date[];
BEGIN{GUARD}
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(k.user_id), array_agg(NULL::text), array_agg(k.week) INTO users, exercises, weeks
        FROM (
            SELECT DISTINCT o.user_id, {WEEK_OF.format(d="o.date")} AS week
            FROM old_rows o JOIN users u ON u.id = o.user_id
        ) k;
    ELSE
        SELECT array_agg(k.user_id), array_agg(NULL::text), array_agg(k.week) INTO users, exercises, weeks
        FROM (
            SELECT DISTINCT v.user_id, {WEEK_OF.format(d="v.date")} AS week
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            CROSS JOIN LATERAL (VALUES (o.user_id, o.date), (n.user_id, n.date)) AS v(user_id, date)
            WHERE (o.date, o.user_id, o.deleted_at IS NULL) IS DISTINCT FROM (n.date, n.user_id, n.deleted_at IS NULL)
        ) k;
    END IF;
    IF users IS NOT NULL THEN
        PERFORM progress_weeks_recompute(users, exercises, weeks);
    END IF;
    RETURN NULL;
END
$$;
"""  # nosec B608 - constant SQL built from this file's literals

# Exercises: a renamed (or moved) exercise takes its sets from one name to the other, in every
# week it has them.
TEMPLATES_CHANGED = f"""
CREATE FUNCTION progress_weeks_templates_changed() RETURNS trigger
LANGUAGE plpgsql {DEFINER}
AS $$
DECLARE
    users uuid[];
    exercises text[];
    weeks date[];
BEGIN{GUARD}
    SELECT array_agg(k.user_id), array_agg(k.exercise), array_agg(k.week) INTO users, exercises, weeks
    FROM (
        SELECT DISTINCT s.user_id, e.exercise, {WEEK_OF.format(d="s.date")} AS week
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN workout_sets ws ON ws.workout_template_id = n.id AND ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL
        JOIN workout_sessions s ON s.id = ws.workout_session_id AND s.deleted_at IS NULL
        CROSS JOIN LATERAL (VALUES (lower(o.exercise_name)), (lower(n.exercise_name))) AS e(exercise)
        WHERE o.exercise_name IS DISTINCT FROM n.exercise_name OR o.workout_plan_id IS DISTINCT FROM n.workout_plan_id
    ) k;
    IF users IS NOT NULL THEN
        PERFORM progress_weeks_recompute(users, exercises, weeks);
    END IF;
    RETURN NULL;
END
$$;
"""  # nosec B608 - constant SQL built from this file's literals

TRIGGERS = """
CREATE TRIGGER progress_weeks_sets_inserted AFTER INSERT ON workout_sets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_sets_changed();
CREATE TRIGGER progress_weeks_sets_updated AFTER UPDATE ON workout_sets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_sets_changed();
CREATE TRIGGER progress_weeks_sets_deleted AFTER DELETE ON workout_sets
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_sets_changed();
CREATE TRIGGER progress_weeks_sessions_updated AFTER UPDATE ON workout_sessions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_sessions_changed();
CREATE TRIGGER progress_weeks_sessions_deleted AFTER DELETE ON workout_sessions
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_sessions_changed();
CREATE TRIGGER progress_weeks_templates_updated AFTER UPDATE ON workout_templates
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_templates_changed();
"""

# migration 0005's finish, and the same with the weeks rebuilt too.
FINISH = """
CREATE OR REPLACE FUNCTION progress_bulk_load_finish(p_users uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
    IF coalesce(current_setting('app.system', true), '') = ''
       OR coalesce(current_setting('app.user_id', true), '') <> ''
       OR coalesce(current_setting('app.staff', true), '') <> '' THEN
        RAISE EXCEPTION 'a bulk load runs in a named system context only';
    END IF;
    PERFORM progress_stats_rebuild(p_users);{weeks}
    PERFORM set_config('app.bulk_load', '', true);
END
$$;
"""
FINISH_WITH_WEEKS = FINISH.format(weeks="\n    PERFORM progress_weeks_rebuild(p_users);")
FINISH_WITHOUT_WEEKS = FINISH.format(weeks="")

# Every member's weeks so far. The function sees every row in its own context; reading the
# members needs a system context too where the migration's owner is bound by the policies.
BACKFILL = """
DO $$
DECLARE
    caller text := coalesce(current_setting('app.system', true), '');
BEGIN
    PERFORM set_config('app.system', 'migrate', true);
    PERFORM progress_weeks_rebuild(ARRAY(SELECT id FROM users));
    PERFORM set_config('app.system', caller, true);
END
$$;
ANALYZE weekly_volume;
"""

DROP_TRIGGERS = """
DROP TRIGGER progress_weeks_templates_updated ON workout_templates;
DROP TRIGGER progress_weeks_sessions_deleted ON workout_sessions;
DROP TRIGGER progress_weeks_sessions_updated ON workout_sessions;
DROP TRIGGER progress_weeks_sets_deleted ON workout_sets;
DROP TRIGGER progress_weeks_sets_updated ON workout_sets;
DROP TRIGGER progress_weeks_sets_inserted ON workout_sets;
"""

DROP = """
DROP FUNCTION progress_weeks_templates_changed();
DROP FUNCTION progress_weeks_sessions_changed();
DROP FUNCTION progress_weeks_sets_changed();
DROP FUNCTION progress_weeks_rebuild(uuid[]);
DROP FUNCTION progress_weeks_recompute(uuid[], text[], date[]);
DROP FUNCTION progress_week_recompute(uuid, text, date);
DROP TABLE weekly_volume;
"""

# Going back: the materialized view as migrations 0003 and 0004 left it, refreshed once.
VIEW = f"""
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
WHERE user_id = {ME} OR user_id IN {COACHED} OR {PRIVILEGED};
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


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0010_sets_trigger_plans"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL(sql=DROP_VIEW, reverse_sql=VIEW),
        # The table is made here in SQL (its foreign key cascades in the database, its writers are
        # the functions below); the model describes it to Django, for reads and for flush.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql=[TABLE, RECOMPUTE_ONE, RECOMPUTE, REBUILD, SETS_CHANGED, SESSIONS_CHANGED, TEMPLATES_CHANGED],
                    reverse_sql=DROP,
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name="WeeklyVolume",
                    fields=[
                        (
                            "pk",
                            models.CompositePrimaryKey(
                                "user",
                                "exercise",
                                "week",
                                blank=True,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("exercise", models.TextField(help_text="Exercise name, lower-cased.")),
                        ("week", models.DateField(help_text="The Monday the week starts on.")),
                        ("volume_kg", models.DecimalField(decimal_places=2, max_digits=14)),
                        ("sets", models.IntegerField()),
                        ("reps", models.BigIntegerField()),
                        ("best_weight_kg", models.DecimalField(decimal_places=2, max_digits=6, null=True)),
                        ("best_e1rm_kg", models.DecimalField(decimal_places=2, max_digits=8, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "weekly_volume",
                        "ordering": ["user", "exercise", "week"],
                        "indexes": [models.Index(fields=["user", "week"], name="weekly_volume_member_week")],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("sets__gt", 0)), name="weekly_volume_sets_check"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("week__iso_week_day", 1)), name="weekly_volume_week_check"
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunSQL(sql=TRIGGERS, reverse_sql=DROP_TRIGGERS),
        migrations.RunSQL(sql=FINISH_WITH_WEEKS, reverse_sql=FINISH_WITHOUT_WEEKS),
        migrations.RunSQL(sql=BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
