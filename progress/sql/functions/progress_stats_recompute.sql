-- The statistics (`exercise_stats`): per member and exercise, the counted sets' number, reps,
-- volume, best weight, best estimated 1RM, last day and the name the member last wrote. This is
-- their one definition: the triggers recompute the (member, exercise) pairs a statement touched,
-- a bulk load (progress_bulk_load_finish) whole members (a NULL exercise: all of the member's),
-- and nothing is added or subtracted except by the one incremental case in
-- progress_sets_changed, so nothing can drift. An exercise is its lower-cased name across the
-- member's own plans.
--
-- One pass per member, through their sessions and each session's sets of the wanted exercises'
-- templates (the (session, template) index), first per template and then per exercise. Keeping
-- the pass on the sessions' index whatever the statistics say matters during a bulk load, when
-- they lag far behind: a plan that trusted them scanned every set in the table to find one
-- batch's. Measured on 200 members' 3-year histories, each call in a rolled-back transaction,
-- alternated with the functions this replaced, p50: one exercise of the largest member (551
-- sessions, 825 of its sets) 2.9 ms (4.3 ms before, through the exercise's sets and each one's
-- session); 25 members whole (250,000 sets) 204 ms, as the separate rebuild did (the former
-- recomputation took 655 ms for them).
--
-- Who may write: SECURITY DEFINER with its own `app.system`, which the restrictive policies on
-- `exercise_stats` ask for; PostgreSQL restores the caller's on return. Every recomputation
-- leaves `records_lag` unknown (NULL): the records are derived again at the next log
-- (progress_set_relogged).
CREATE OR REPLACE FUNCTION public.progress_stats_recompute(p_users uuid[], p_exercises text[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'exercise_stats'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
    -- The pairs (p_users[i], p_exercises[i]); a NULL exercise means every exercise of that member.
    WITH wanted AS (
        SELECT DISTINCT u AS user_id, e AS exercise
        FROM unnest(p_users, p_exercises) AS k(u, e)
        WHERE u IS NOT NULL
    ),
    scope AS (
        SELECT w.user_id, array_agg(DISTINCT t.id) AS templates
        FROM wanted w
        JOIN workout_plans p ON p.user_id = w.user_id
        JOIN workout_templates t ON t.workout_plan_id = p.id
             AND (w.exercise IS NULL OR lower(t.exercise_name) = w.exercise)
        GROUP BY w.user_id
    ),
    per_template AS (
        SELECT m.user_id, ws.workout_template_id AS template_id,
               count(*) AS sets,
               sum(ws.actual_reps) AS reps,
               sum(progress_set_volume(ws.actual_reps, ws.weight_kg)) AS volume_kg,
               max(progress_set_lifted(ws.actual_reps, ws.weight_kg)) AS best_weight_kg,
               max(progress_e1rm(ws.weight_kg, ws.actual_reps)) AS best_e1rm_kg,
               max(s.date) AS last_performed
        FROM scope m
        JOIN workout_sessions s ON s.user_id = m.user_id
        -- OFFSET 0 keeps each session's sets a look-up through the session's index.
        CROSS JOIN LATERAL (
            SELECT ws.* FROM workout_sets ws
            WHERE ws.workout_session_id = s.id AND ws.workout_template_id = ANY (m.templates)
            OFFSET 0
        ) ws
        WHERE progress_set_counts(ws::workout_sets, s, m.user_id)
        GROUP BY m.user_id, ws.workout_template_id
    ),
    fresh AS (
        SELECT pt.user_id, lower(t.exercise_name) AS exercise,
               sum(pt.sets) AS sets, sum(pt.reps) AS reps, sum(pt.volume_kg) AS volume_kg,
               max(pt.best_weight_kg) AS best_weight_kg, max(pt.best_e1rm_kg) AS best_e1rm_kg,
               max(pt.last_performed) AS last_performed,
               array_agg(pt.template_id) AS templates
        FROM per_template pt
        JOIN workout_templates t ON t.id = pt.template_id
        GROUP BY pt.user_id, lower(t.exercise_name)
    ),
    named AS (
        SELECT f.*, (
            -- The name on the latest counted set: of the exercise's last day, the last logged.
            SELECT t.exercise_name
            FROM workout_sessions s
            JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.workout_template_id = ANY (f.templates)
            JOIN workout_templates t ON t.id = ws.workout_template_id
            WHERE s.user_id = f.user_id AND s.date = f.last_performed AND progress_set_counts(ws, s, f.user_id)
            ORDER BY ws.completed_at DESC
            LIMIT 1
        ) AS display_name
        FROM fresh f
    ),
    keys AS (
        SELECT user_id, exercise FROM wanted WHERE exercise IS NOT NULL
        UNION
        SELECT es.user_id, es.exercise FROM exercise_stats es
        JOIN wanted w ON w.user_id = es.user_id AND w.exercise IS NULL
    ),
    gone AS (
        DELETE FROM exercise_stats es USING keys k
        WHERE es.user_id = k.user_id AND es.exercise = k.exercise
          AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.user_id = k.user_id AND f.exercise = k.exercise)
    )
    INSERT INTO exercise_stats AS es
        (user_id, exercise, display_name, sets, reps, volume_kg, best_weight_kg, best_e1rm_kg, last_performed)
    SELECT user_id, exercise, display_name, sets, reps, volume_kg, best_weight_kg, best_e1rm_kg, last_performed
    FROM named
    ON CONFLICT (user_id, exercise) DO UPDATE SET
        display_name = EXCLUDED.display_name, sets = EXCLUDED.sets, reps = EXCLUDED.reps,
        volume_kg = EXCLUDED.volume_kg, best_weight_kg = EXCLUDED.best_weight_kg,
        best_e1rm_kg = EXCLUDED.best_e1rm_kg, last_performed = EXCLUDED.last_performed, records_lag = NULL;
END
$function$;

REVOKE ALL ON FUNCTION public.progress_stats_recompute(p_users uuid[], p_exercises text[]) FROM PUBLIC;
