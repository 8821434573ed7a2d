-- The weekly volume (`weekly_volume`) of one member: per exercise and week (progress_week), the
-- counted sets' volume, number, reps, best weight and best estimated 1RM, for the progress
-- charts. This is its one definition: the triggers recompute the weeks a statement touched
-- (through progress_weeks_recompute) and a bulk load whole members; nothing is added or
-- subtracted but by the one incremental case in progress_sets_changed, so nothing can drift.
-- A NULL exercise means every exercise of the member, a NULL week every week.
--
-- The member's sessions of the week (workout_sessions_recent_live), and each session's sets of
-- the exercise's templates through the (session, template) index: a week is small whatever the
-- length of the history, and a whole history is one pass. OFFSET 0 keeps that shape whatever the
-- statistics say (during a bulk load they lag far behind). Rows whose figures did not change are
-- left as they are.
--
-- Who may write: SECURITY DEFINER with its own `app.system`, which the restrictive policies on
-- `weekly_volume` ask for.
CREATE OR REPLACE FUNCTION public.progress_week_recompute(p_user uuid, p_exercise text, p_week date)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'weekly_volume'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    templates uuid[] := ARRAY(
        SELECT t.id FROM workout_plans p JOIN workout_templates t ON t.workout_plan_id = p.id
        WHERE p.user_id = p_user AND (p_exercise IS NULL OR lower(t.exercise_name) = p_exercise)
    );
    first_day date := coalesce(p_week, '-infinity');
    last_day date := coalesce(p_week + 6, 'infinity');
    kept_exercises text[];
    kept_weeks date[];
BEGIN
    WITH per_template AS (
        SELECT ws.workout_template_id AS template_id, progress_week(s.date) AS week,
               count(*) AS sets,
               sum(ws.actual_reps) AS reps,
               sum(progress_set_volume(ws.actual_reps, ws.weight_kg)) AS volume_kg,
               max(progress_set_lifted(ws.actual_reps, ws.weight_kg)) AS best_weight_kg,
               max(progress_e1rm(ws.weight_kg, ws.actual_reps)) AS best_e1rm_kg
        FROM workout_sessions s
        CROSS JOIN LATERAL (
            SELECT ws.* FROM workout_sets ws
            WHERE ws.workout_session_id = s.id AND ws.workout_template_id = ANY (templates)
            OFFSET 0
        ) ws
        WHERE s.user_id = p_user AND s.date BETWEEN first_day AND last_day
          AND progress_set_counts(ws::workout_sets, s, p_user)
        GROUP BY 1, 2
    ),
    fresh AS (
        SELECT lower(t.exercise_name) AS exercise, pt.week,
               sum(pt.volume_kg) AS volume_kg, sum(pt.sets) AS sets, sum(pt.reps) AS reps,
               max(pt.best_weight_kg) AS best_weight_kg, max(pt.best_e1rm_kg) AS best_e1rm_kg
        FROM per_template pt
        JOIN workout_templates t ON t.id = pt.template_id
        GROUP BY 1, 2
    ),
    written AS (
        INSERT INTO weekly_volume AS wv (user_id, exercise, week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg)
        SELECT p_user, exercise, week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg
        FROM fresh
        ORDER BY week, exercise
        ON CONFLICT (user_id, exercise, week) DO UPDATE SET
            volume_kg = EXCLUDED.volume_kg, sets = EXCLUDED.sets, reps = EXCLUDED.reps,
            best_weight_kg = EXCLUDED.best_weight_kg, best_e1rm_kg = EXCLUDED.best_e1rm_kg
        WHERE (wv.volume_kg, wv.sets, wv.reps, wv.best_weight_kg, wv.best_e1rm_kg)
              IS DISTINCT FROM (EXCLUDED.volume_kg, EXCLUDED.sets, EXCLUDED.reps,
                                EXCLUDED.best_weight_kg, EXCLUDED.best_e1rm_kg)
    )
    SELECT array_agg(exercise), array_agg(week) INTO kept_exercises, kept_weeks FROM fresh;
    -- The rows left without a counted set.
    DELETE FROM weekly_volume wv
    WHERE wv.user_id = p_user AND (p_exercise IS NULL OR wv.exercise = p_exercise)
      AND wv.week BETWEEN first_day AND last_day
      AND (wv.exercise, wv.week) NOT IN (SELECT * FROM unnest(kept_exercises, kept_weeks));
END
$function$;

REVOKE ALL ON FUNCTION public.progress_week_recompute(p_user uuid, p_exercise text, p_week date) FROM PUBLIC;
