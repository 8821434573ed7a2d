-- The weekly volume (`weekly_volume`): per member, exercise and week (progress_week), the counted
-- sets' volume, number, reps, best weight and best estimated 1RM, for the progress charts. This is
-- its one definition: the triggers recompute the (member, exercise, week) rows a statement
-- touched, a bulk load (progress_bulk_load_finish) whole members; nothing is added or subtracted,
-- so nothing can drift. A NULL exercise means every exercise of that member, a NULL week every
-- week: (member, NULL, NULL) is a member's whole history.
--
-- Each wanted key (in order: member, week, exercise) reads the member's sessions of the week
-- (workout_sessions_recent_live) and each session's sets of the exercise's templates through the
-- (session, template) index: a week is small whatever the length of the history, and a whole
-- history is one pass. OFFSET 0 keeps that shape whatever the statistics say (during a bulk load
-- they lag far behind), so the plans are generic, kept for the connection. Rows whose figures did
-- not change are left as they are.
--
-- Measured on 200 members' 3-year histories (the largest member: 13,500 sets), each call in a
-- rolled-back transaction, alternated with the functions this replaced, p50: one exercise's week
-- 0.35 ms (0.30 before), a week's every exercise 0.47 ms (1.19), 25 members whole (250,000 sets)
-- 586 ms (566 ms by the separate rebuild).
--
-- Who may write: SECURITY DEFINER with its own `app.system`, which the restrictive policies on
-- `weekly_volume` ask for.
CREATE OR REPLACE FUNCTION public.progress_weeks_recompute(p_users uuid[], p_exercises text[], p_weeks date[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'weekly_volume'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    wanted record;
    first_day date;
    last_day date;
BEGIN
    FOR wanted IN
        SELECT DISTINCT u AS user_id, e AS exercise, w AS week
        FROM unnest(p_users, p_exercises, p_weeks) AS k(u, e, w)
        WHERE u IS NOT NULL
        ORDER BY 1, 3, 2
    LOOP
        first_day := coalesce(wanted.week, '-infinity');
        last_day := coalesce(wanted.week + 6, 'infinity');
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
                WHERE ws.workout_session_id = s.id AND ws.workout_template_id = ANY (ARRAY(
                    -- The templates of the exercise (or of all) in the member's own plans.
                    SELECT t.id FROM workout_plans p JOIN workout_templates t ON t.workout_plan_id = p.id
                    WHERE p.user_id = wanted.user_id
                      AND (wanted.exercise IS NULL OR lower(t.exercise_name) = wanted.exercise)
                ))
                OFFSET 0
            ) ws
            WHERE s.user_id = wanted.user_id AND s.date BETWEEN first_day AND last_day
              AND progress_set_counts(ws::workout_sets, s, wanted.user_id)
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
        -- The rows left without a counted set.
        gone AS (
            DELETE FROM weekly_volume wv
            WHERE wv.user_id = wanted.user_id AND (wanted.exercise IS NULL OR wv.exercise = wanted.exercise)
              AND wv.week BETWEEN first_day AND last_day
              AND (wv.exercise, wv.week) NOT IN (SELECT exercise, week FROM fresh)
        )
        INSERT INTO weekly_volume AS wv (user_id, exercise, week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg)
        SELECT wanted.user_id, exercise, week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg
        FROM fresh
        ORDER BY week, exercise
        ON CONFLICT (user_id, exercise, week) DO UPDATE SET
            volume_kg = EXCLUDED.volume_kg, sets = EXCLUDED.sets, reps = EXCLUDED.reps,
            best_weight_kg = EXCLUDED.best_weight_kg, best_e1rm_kg = EXCLUDED.best_e1rm_kg
        WHERE (wv.volume_kg, wv.sets, wv.reps, wv.best_weight_kg, wv.best_e1rm_kg)
              IS DISTINCT FROM (EXCLUDED.volume_kg, EXCLUDED.sets, EXCLUDED.reps,
                                EXCLUDED.best_weight_kg, EXCLUDED.best_e1rm_kg);
    END LOOP;
END
$function$;

REVOKE ALL ON FUNCTION public.progress_weeks_recompute(p_users uuid[], p_exercises text[], p_weeks date[]) FROM PUBLIC;
