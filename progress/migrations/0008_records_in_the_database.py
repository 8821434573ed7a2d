"""Personal records are derived by two database functions, so the rules live in one place and
logging a set costs one short call instead of two planned statements.

Why: `progress.services.records_update` sent its statements (migration 0006's one-set path, and
the re-derivation) as the app's role. Each was planned again on every request, under the
member's row-level security, and checked the sets policy row by row: about 10 ms of planning and
3 ms of checks for the "best reps at this weight" look-up alone at `large`, most of a set log's
database time. PL/pgSQL keeps each statement's plan for the connection's life (the pool keeps
connections), and a privileged context makes the policies' privileged arm answer at once.

- `progress_set_logged(set)`: after a set's first log. When the exercise's only change since its
  records were last derived is that log (`records_lag` = 1, see 0006), the set counts, holds no
  record and is still strictly the latest, the set's own records are added to the exercise's;
  otherwise the exercise's records are derived again. Returns whether the short path was taken.
  Its statements are key look-ups (by primary key, by member and exercise, by template and
  weight through workouts 0011's index), so their plans are generic: the same whatever the
  data's size, and planned once per connection.
- `progress_records_rederive(set)`: deletes the records of the set's exercise and derives them
  again from the member's counted sets (one window pass in date, then logging-time order). Its
  history query is planned for each call (`force_custom_plan`, as the statistics triggers are).

The rules (`RULES`): a set is a record when it is strictly better than every set before it;
ties are not records. The first set of an exercise with a weight is the first heaviest-weight
and estimated-1RM record; a reps record needs an earlier set at exactly that weight, so the first
visit to a weight (and every warm-up) does not count. Weights are kilograms.

Who may call them: both are SECURITY DEFINER and check the caller first, with the rule that binds
the caller's own writes to `personal_records` (the set's member, staff or a system job). A set
the caller cannot see is left alone. They then work in the progress tables' writing context
(`app.system = 'exercise_stats'`, which the restrictive policy on `exercise_stats` asks for and
the records' policy admits) and restore the caller's before they return; an error aborts the
transaction or savepoint, which restores it too. They read the caller's own `app.system` to check
it, hence no SET clause for it in their definitions. Both reset `records_lag` to 0, which
`progress_records_derived` (0006) did from Python; it goes.
"""

import importlib
import re

from django.conf import settings
from django.db import migrations

ROLE = settings.DATABASE_APP_ROLE
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", ROLE):
    raise ValueError(f"DATABASE_APP_ROLE must be a lower-case SQL identifier, not {ROLE!r}")

DERIVED = importlib.import_module("progress.migrations.0006_incremental_logging").DERIVED

# The rules, applied to `ranked` (each set with the best weight and 1RM before it, and the best
# reps before it at exactly its weight): the one INSERT of both functions.
RULES = """
    INSERT INTO personal_records (user_id, workout_set_id, exercise, kind, weight_kg, reps, value, date)
    SELECT user_id, id, exercise, 'weight', weight_kg, reps, weight_kg, date FROM ranked
    WHERE reps > 0 AND weight_kg > 0 AND (best_weight_before IS NULL OR weight_kg > best_weight_before)
    UNION ALL
    SELECT user_id, id, exercise, 'e1rm', weight_kg, reps, e1rm, date FROM ranked
    WHERE e1rm IS NOT NULL AND (best_e1rm_before IS NULL OR e1rm > best_e1rm_before)
    UNION ALL
    SELECT user_id, id, exercise, 'reps', weight_kg, reps, reps, date FROM ranked
    WHERE reps > 0 AND best_reps_before IS NOT NULL AND reps > best_reps_before
    -- A set's record still filed under the exercise's former name (a renamed exercise takes its
    -- sets along) moves to the name the set has now.
    ON CONFLICT (workout_set_id, kind) DO UPDATE SET
        user_id = EXCLUDED.user_id, exercise = EXCLUDED.exercise, weight_kg = EXCLUDED.weight_kg,
        reps = EXCLUDED.reps, value = EXCLUDED.value, date = EXCLUDED.date;"""

# The caller's rule (migration 0002's policy on personal_records), then the writing context.
ENTER = """
    IF NOT (target.user_id = app_user_id() OR app_privileged()) THEN
        RAISE EXCEPTION 'records are derived by their member, staff or a system job only';
    END IF;
    PERFORM set_config('app.system', 'exercise_stats', true);"""
LEAVE = """
    UPDATE exercise_stats SET records_lag = 0
    WHERE user_id = target.user_id AND exercise = target.exercise AND records_lag IS DISTINCT FROM 0;
    PERFORM set_config('app.system', caller, true);"""

# The set's member and exercise, into `target`; a set the caller cannot see ends the function.
TARGET = """
    SELECT s.user_id, lower(t.exercise_name) AS exercise INTO target
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id
    JOIN workout_templates t ON t.id = ws.workout_template_id
    WHERE ws.id = p_set;
    IF NOT FOUND THEN
        RETURN{otherwise};
    END IF;"""

# Another counted set of the exercise as late as the set `r` or later (from the member's sessions
# since its date, newest first through their index): the set is not strictly the latest.
LATER_SET = """EXISTS (
            SELECT 1
            FROM workout_sessions s
            JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.id <> {r}.id
                 AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
            JOIN workout_templates t ON t.id = ws.workout_template_id AND lower(t.exercise_name) = {r}.exercise
            JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = {r}.user_id
            WHERE s.user_id = {r}.user_id AND s.deleted_at IS NULL AND s.date >= {r}.date
              AND (s.date, ws.completed_at) >= ({r}.date, {r}.completed_at)
        )"""

REDERIVE = f"""
CREATE FUNCTION progress_records_rederive(p_set uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
DECLARE
    caller text := coalesce(current_setting('app.system', true), '');
    target record;
BEGIN
{TARGET.format(otherwise="")}{ENTER}
    DELETE FROM personal_records pr WHERE pr.user_id = target.user_id AND pr.exercise = target.exercise;
    WITH history AS (
        SELECT ws.id, p.user_id, lower(t.exercise_name) AS exercise, s.date, ws.completed_at,
               ws.actual_reps AS reps, coalesce(ws.weight_kg, 0) AS weight_kg,
               progress_e1rm(ws.weight_kg, ws.actual_reps) AS e1rm
        FROM workout_plans p
        JOIN workout_templates t ON t.workout_plan_id = p.id AND lower(t.exercise_name) = target.exercise
        JOIN workout_sets ws ON ws.workout_template_id = t.id
             AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
        -- By primary key only (see progress_stats_recompute in migration 0002).
        JOIN workout_sessions s ON s.id = ws.workout_session_id
             AND s.user_id IS NOT DISTINCT FROM p.user_id AND s.deleted_at IS NULL
        WHERE p.user_id = target.user_id
    ),
    ranked AS (
        SELECT h.*,
               max(weight_kg) FILTER (WHERE reps > 0) OVER earlier AS best_weight_before,
               max(e1rm) OVER earlier AS best_e1rm_before,
               max(reps) OVER (
                   PARTITION BY weight_kg ORDER BY date, completed_at, id
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
               ) AS best_reps_before
        FROM history h
        WINDOW earlier AS (ORDER BY date, completed_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ){RULES}{LEAVE}
END
$$;
REVOKE ALL ON FUNCTION progress_records_rederive(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION progress_records_rederive(uuid) TO {ROLE};
"""  # nosec B608 - ROLE is checked above to be a plain identifier

# The best weight and 1RM before the set are the largest such records (a maximum is first
# reached by a record); the best reps at its weight come from the member's sets at that weight.
LOGGED = f"""
CREATE FUNCTION progress_set_logged(p_set uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    caller text := coalesce(current_setting('app.system', true), '');
    target record;
BEGIN
    SELECT ws.id, s.user_id, lower(t.exercise_name) AS exercise, s.date, ws.completed_at,
           ws.actual_reps AS reps, coalesce(ws.weight_kg, 0) AS weight_kg,
           progress_e1rm(ws.weight_kg, ws.actual_reps) AS e1rm,
           ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL AND s.deleted_at IS NULL
           AND EXISTS (SELECT 1 FROM workout_plans p WHERE p.id = t.workout_plan_id AND p.user_id = s.user_id)
           AS counts
    INTO target
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id
    JOIN workout_templates t ON t.id = ws.workout_template_id
    WHERE ws.id = p_set;
    IF NOT FOUND THEN
        RETURN false;
    END IF;{ENTER}
    IF NOT (
        target.counts
        AND coalesce((SELECT es.records_lag FROM exercise_stats es
                      WHERE es.user_id = target.user_id AND es.exercise = target.exercise) = 1, false)
        AND NOT EXISTS (SELECT 1 FROM personal_records pr WHERE pr.workout_set_id = target.id)
        AND NOT {LATER_SET.format(r="target")}
    ) THEN
        PERFORM set_config('app.system', caller, true);
        PERFORM progress_records_rederive(p_set);
        RETURN false;
    END IF;
    WITH ranked AS (
        SELECT target.id AS id, target.user_id AS user_id, target.exercise AS exercise, target.date AS date,
               target.reps AS reps, target.weight_kg AS weight_kg, target.e1rm AS e1rm,
               (SELECT max(pr.value) FROM personal_records pr
                WHERE pr.user_id = target.user_id AND pr.exercise = target.exercise AND pr.kind = 'weight'
               ) AS best_weight_before,
               (SELECT max(pr.value) FROM personal_records pr
                WHERE pr.user_id = target.user_id AND pr.exercise = target.exercise AND pr.kind = 'e1rm'
               ) AS best_e1rm_before,
               CASE WHEN target.reps > 0 THEN (
                   SELECT max(ws.actual_reps)
                   FROM workout_plans p
                   JOIN workout_templates t ON t.workout_plan_id = p.id AND lower(t.exercise_name) = target.exercise
                   JOIN workout_sets ws ON ws.workout_template_id = t.id
                        AND coalesce(ws.weight_kg, 0) = target.weight_kg AND ws.id <> target.id
                        AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
                   JOIN workout_sessions s ON s.id = ws.workout_session_id
                        AND s.user_id = target.user_id AND s.deleted_at IS NULL
                   WHERE p.user_id = target.user_id
               ) END AS best_reps_before
    ){RULES}{LEAVE}
    RETURN true;
END
$$;
REVOKE ALL ON FUNCTION progress_set_logged(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION progress_set_logged(uuid) TO {ROLE};
"""  # nosec B608 - ROLE is checked above to be a plain identifier


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0007_personal_records_one_set_index"),
        ("workouts", "0011_sets_template_weight_index"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[REDERIVE, LOGGED, "DROP FUNCTION progress_records_derived(uuid, text)"],
            reverse_sql=[
                DERIVED,
                "DROP FUNCTION progress_set_logged(uuid)",
                "DROP FUNCTION progress_records_rederive(uuid)",
            ],
        ),
    ]
