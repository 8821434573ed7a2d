"""Per-member, per-exercise statistics kept exact by PostgreSQL triggers, and row-level security
on the statistics and the personal records.

How the statistics stay exact: every trigger only works out which (member, exercise) pairs a
statement touched and then recomputes those rows from the raw sets (`progress_stats_recompute`).
Nothing is added or subtracted incrementally, so nothing can drift: a recomputation is right
whatever happened before it. The triggers are statement-level with transition tables, so a
cascade that removes a session's twenty sets recomputes each exercise once, not twenty times.

What counts: sets logged as done (`completed_at` set) and not removed, in sessions not deleted.
An exercise is its lower-cased name across the member's plans. Removing an exercise from a plan
(a soft delete of the template) keeps its history; purging it (a hard delete) removes its sets.

Who may write: the trigger functions are SECURITY DEFINER, owned by the migration's owner, with a
fixed search_path, so the app's role needs no rights of its own over `exercise_stats`. Under
FORCE'd row-level security even the owner passes the policies only in a privileged context
(a superuser owner, as in development, passes anyway; a production owner is an ordinary role).
Each function therefore carries `SET app.system = 'exercise_stats'` in its definition: PostgreSQL
sets it on entry and restores the caller's value on exit, so the privilege lasts exactly as long
as the function and never leaks into the caller's transaction (a `set_config(..., true)` inside
the function would last until the transaction ends). A restrictive policy lets only that context
write the table: members, staff and other jobs can read what the policies show them, never write.
"""

from django.db import migrations

from gymtracker.db import database_cascades, row_level_security

ME = "(SELECT app_user_id())"
PRIVILEGED = "(SELECT app_privileged())"
OWN = f"user_id = {ME} OR {PRIVILEGED}"
TRIGGERS_ONLY = "(SELECT coalesce(current_setting('app.system', true), '')) = 'exercise_stats'"

# plan_cache_mode: PL/pgSQL caches each statement's plan for the session and, after five runs,
# may settle on a generic one; planned while a member's history was small, it stays the plan when
# a bulk import makes it large. A custom plan per run costs a millisecond and fits the data.
DEFINER = (
    "SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET app.system = 'exercise_stats' "
    "SET plan_cache_mode = force_custom_plan"
)

E1RM = """
CREATE FUNCTION progress_e1rm(weight_kg numeric, reps integer) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE
-- Epley: 1RM = w x (1 + reps / 30), to the hundredth of a kilogram; none without weight or reps.
AS $$ SELECT CASE WHEN reps > 0 AND weight_kg > 0 THEN round(weight_kg * (30 + reps) / 30, 2) END $$;
"""

RECOMPUTE = f"""
CREATE FUNCTION progress_stats_recompute(p_users uuid[], p_exercises text[]) RETURNS void
LANGUAGE plpgsql {DEFINER}
AS $$
BEGIN
    -- The pairs (p_users[i], p_exercises[i]); a NULL exercise means every exercise of that member.
    WITH wanted AS (
        SELECT DISTINCT u AS user_id, e AS exercise
        FROM unnest(p_users, p_exercises) AS k(u, e)
        WHERE u IS NOT NULL
    ),
    keys AS (
        SELECT user_id, exercise FROM wanted WHERE exercise IS NOT NULL
        UNION
        SELECT es.user_id, es.exercise FROM exercise_stats es
        JOIN wanted w ON w.user_id = es.user_id AND w.exercise IS NULL
        UNION
        SELECT p.user_id, lower(t.exercise_name) FROM wanted w
        JOIN workout_plans p ON p.user_id = w.user_id AND w.exercise IS NULL
        JOIN workout_templates t ON t.workout_plan_id = p.id
    ),
    fresh AS (
        SELECT k.user_id, k.exercise,
               (array_agg(t.exercise_name ORDER BY s.date DESC, ws.completed_at DESC))[1] AS display_name,
               count(*) AS sets,
               sum(ws.actual_reps) AS reps,
               sum(ws.actual_reps * coalesce(ws.weight_kg, 0)) AS volume_kg,
               max(ws.weight_kg) FILTER (WHERE ws.actual_reps > 0) AS best_weight_kg,
               max(progress_e1rm(ws.weight_kg, ws.actual_reps)) AS best_e1rm_kg,
               max(s.date) AS last_performed
        FROM keys k
        JOIN workout_plans p ON p.user_id = k.user_id
        JOIN workout_templates t ON t.workout_plan_id = p.id AND lower(t.exercise_name) = k.exercise
        JOIN workout_sets ws ON ws.workout_template_id = t.id
             AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
        -- By primary key only: "IS NOT DISTINCT FROM" cannot drive an index, so no plan walks
        -- the member's sessions once per set, whatever stale statistics suggest.
        JOIN workout_sessions s ON s.id = ws.workout_session_id
             AND s.user_id IS NOT DISTINCT FROM k.user_id AND s.deleted_at IS NULL
        GROUP BY k.user_id, k.exercise
    ),
    gone AS (
        DELETE FROM exercise_stats es USING keys k
        WHERE es.user_id = k.user_id AND es.exercise = k.exercise
          AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.user_id = k.user_id AND f.exercise = k.exercise)
    )
    INSERT INTO exercise_stats AS es
        (user_id, exercise, display_name, sets, reps, volume_kg, best_weight_kg, best_e1rm_kg, last_performed)
    SELECT user_id, exercise, display_name, sets, reps, volume_kg, best_weight_kg, best_e1rm_kg, last_performed
    FROM fresh
    ON CONFLICT (user_id, exercise) DO UPDATE SET
        display_name = EXCLUDED.display_name, sets = EXCLUDED.sets, reps = EXCLUDED.reps,
        volume_kg = EXCLUDED.volume_kg, best_weight_kg = EXCLUDED.best_weight_kg,
        best_e1rm_kg = EXCLUDED.best_e1rm_kg, last_performed = EXCLUDED.last_performed;
END
$$;
REVOKE ALL ON FUNCTION progress_stats_recompute(uuid[], text[]) FROM PUBLIC;
"""  # nosec B608 - constant SQL built from this file's literals

# Sets: which pairs did the statement touch? The member comes from the session, or from the
# exercise's plan when a cascade from the session got there first; the exercise from the
# template. When the template itself is gone (a purged exercise or plan), the member's every
# exercise is recomputed; when both are gone the member is being erased and the foreign key's
# cascade removes their statistics.
RESOLVE = """
    SELECT array_agg(k.user_id), array_agg(k.exercise) INTO users, exercises
    FROM (
        SELECT DISTINCT coalesce(s.user_id, p.user_id) AS user_id, lower(t.exercise_name) AS exercise
        FROM touched c
        LEFT JOIN workout_sessions s ON s.id = c.workout_session_id
        LEFT JOIN workout_templates t ON t.id = c.workout_template_id
        LEFT JOIN workout_plans p ON p.id = t.workout_plan_id
    ) k
    WHERE k.user_id IS NOT NULL;
"""
COUNTED = "completed_at IS NOT NULL AND deleted_at IS NULL"
WHAT_COUNTS = (
    "actual_reps, {t}.weight_kg, {t}.completed_at, {t}.deleted_at, {t}.workout_template_id, {t}.workout_session_id"
)

SETS_CHANGED = f"""
CREATE FUNCTION progress_sets_changed() RETURNS trigger
LANGUAGE plpgsql {DEFINER}
AS $$
DECLARE
    users uuid[];
    exercises text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        WITH touched AS (SELECT workout_session_id, workout_template_id FROM new_rows WHERE {COUNTED})
        {RESOLVE}
    ELSIF TG_OP = 'DELETE' THEN
        WITH touched AS (SELECT workout_session_id, workout_template_id FROM old_rows WHERE {COUNTED})
        {RESOLVE}
    ELSE
        -- Only changes to what counts (not a new position, RPE or timestamp) cost a recomputation.
        WITH changed AS (
            SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.{WHAT_COUNTS.format(t="o")}) IS DISTINCT FROM (n.{WHAT_COUNTS.format(t="n")})
        ),
        touched AS (
            SELECT workout_session_id, workout_template_id FROM old_rows JOIN changed USING (id) WHERE {COUNTED}
            UNION
            SELECT workout_session_id, workout_template_id FROM new_rows JOIN changed USING (id) WHERE {COUNTED}
        )
        {RESOLVE}
    END IF;
    IF users IS NOT NULL THEN
        PERFORM progress_stats_recompute(users, exercises);
    END IF;
    RETURN NULL;
END
$$;
"""  # nosec B608 - constant SQL built from this file's literals

# Sessions: deleting or restoring one, moving it to another date (last performed) or to another
# member (an account's id changing) changes every exercise done in it.
SESSIONS_CHANGED = f"""
CREATE FUNCTION progress_sessions_changed() RETURNS trigger
LANGUAGE plpgsql {DEFINER}
AS $$
DECLARE
    users uuid[];
    exercises text[];
BEGIN
    SELECT array_agg(k.user_id), array_agg(k.exercise) INTO users, exercises
    FROM (
        SELECT DISTINCT u.user_id, lower(t.exercise_name) AS exercise
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        CROSS JOIN LATERAL (VALUES (o.user_id), (n.user_id)) AS u(user_id)
        JOIN workout_sets ws ON ws.workout_session_id = n.id
             AND ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL
        JOIN workout_templates t ON t.id = ws.workout_template_id
        WHERE (o.date, o.user_id, o.deleted_at IS NULL) IS DISTINCT FROM (n.date, n.user_id, n.deleted_at IS NULL)
    ) k;
    IF users IS NOT NULL THEN
        PERFORM progress_stats_recompute(users, exercises);
    END IF;
    RETURN NULL;
END
$$;
"""  # nosec B608 - constant SQL built from this file's literals

# Exercises: a renamed exercise moves its sets from one name to another.
TEMPLATES_CHANGED = f"""
CREATE FUNCTION progress_templates_changed() RETURNS trigger
LANGUAGE plpgsql {DEFINER}
AS $$
DECLARE
    users uuid[];
    exercises text[];
BEGIN
    SELECT array_agg(k.user_id), array_agg(k.exercise) INTO users, exercises
    FROM (
        SELECT DISTINCT p.user_id, e.exercise
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN workout_plans p ON p.id = n.workout_plan_id
        CROSS JOIN LATERAL (VALUES (lower(o.exercise_name)), (lower(n.exercise_name))) AS e(exercise)
        WHERE o.exercise_name IS DISTINCT FROM n.exercise_name
           OR o.workout_plan_id IS DISTINCT FROM n.workout_plan_id
    ) k;
    IF users IS NOT NULL THEN
        PERFORM progress_stats_recompute(users, exercises);
    END IF;
    RETURN NULL;
END
$$;
"""  # nosec B608 - constant SQL built from this file's literals

CREATE_TRIGGERS = """
CREATE TRIGGER progress_sets_inserted AFTER INSERT ON workout_sets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sets_changed();
CREATE TRIGGER progress_sets_updated AFTER UPDATE ON workout_sets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION progress_sets_changed();
CREATE TRIGGER progress_sets_deleted AFTER DELETE ON workout_sets
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sets_changed();
CREATE TRIGGER progress_sessions_updated AFTER UPDATE ON workout_sessions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION progress_sessions_changed();
CREATE TRIGGER progress_templates_updated AFTER UPDATE ON workout_templates
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION progress_templates_changed();
"""

DROP_TRIGGERS = """
DROP TRIGGER progress_templates_updated ON workout_templates;
DROP TRIGGER progress_sessions_updated ON workout_sessions;
DROP TRIGGER progress_sets_deleted ON workout_sets;
DROP TRIGGER progress_sets_updated ON workout_sets;
DROP TRIGGER progress_sets_inserted ON workout_sets;
DROP FUNCTION progress_templates_changed();
DROP FUNCTION progress_sessions_changed();
DROP FUNCTION progress_sets_changed();
DROP FUNCTION progress_stats_recompute(uuid[], text[]);
DROP FUNCTION progress_e1rm(numeric, integer);
"""

# Statistics for history logged before this migration.
BACKFILL = """
SELECT progress_stats_recompute(array_agg(id), array_agg(NULL::text)) FROM users;
"""

WRITES_BY_TRIGGERS = f"""
CREATE POLICY exercise_stats_insert_by_triggers ON exercise_stats AS RESTRICTIVE FOR INSERT
    WITH CHECK ({TRIGGERS_ONLY});
CREATE POLICY exercise_stats_update_by_triggers ON exercise_stats AS RESTRICTIVE FOR UPDATE
    USING ({TRIGGERS_ONLY}) WITH CHECK ({TRIGGERS_ONLY});
CREATE POLICY exercise_stats_delete_by_triggers ON exercise_stats AS RESTRICTIVE FOR DELETE
    USING ({TRIGGERS_ONLY});
"""
DROP_WRITES_BY_TRIGGERS = """
DROP POLICY exercise_stats_delete_by_triggers ON exercise_stats;
DROP POLICY exercise_stats_update_by_triggers ON exercise_stats;
DROP POLICY exercise_stats_insert_by_triggers ON exercise_stats;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0001_initial"),
    ]

    operations = [
        database_cascades(
            ("exercise_stats", "user_id", "users"),
            ("personal_records", "user_id", "users"),
            ("personal_records", "workout_set_id", "workout_sets"),
        ),
        row_level_security("exercise_stats", using=OWN),
        migrations.RunSQL(sql=WRITES_BY_TRIGGERS, reverse_sql=DROP_WRITES_BY_TRIGGERS),
        row_level_security("personal_records", using=OWN),
        migrations.RunSQL(
            sql=[E1RM, RECOMPUTE, SETS_CHANGED, SESSIONS_CHANGED, TEMPLATES_CHANGED, CREATE_TRIGGERS, BACKFILL],
            reverse_sql=[DROP_TRIGGERS],
        ),
    ]
