CREATE OR REPLACE FUNCTION public.progress_stats_rebuild(p_users uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'exercise_stats'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
    WITH per_template AS (
        SELECT s.user_id, ws.template_id,
               count(*) AS sets,
               sum(ws.actual_reps) AS reps,
               sum(ws.actual_reps * coalesce(ws.weight_kg, 0)) AS volume_kg,
               max(ws.weight_kg) FILTER (WHERE ws.actual_reps > 0) AS best_weight_kg,
               max(progress_e1rm(ws.weight_kg, ws.actual_reps)) AS best_e1rm_kg,
               max(s.date) AS last_performed
        FROM workout_sessions s
        -- Each session's sets through the index on the session: OFFSET 0 keeps this a nested
        -- loop whatever the statistics say (during a load they lag far behind, and a plan that
        -- trusted them scanned every set in the table to find one batch's).
        CROSS JOIN LATERAL (
            SELECT ws.workout_template_id AS template_id, ws.actual_reps, ws.weight_kg
            FROM workout_sets ws
            WHERE ws.workout_session_id = s.id AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
            OFFSET 0
        ) ws
        WHERE s.user_id = ANY (p_users) AND s.deleted_at IS NULL
        GROUP BY s.user_id, ws.template_id
    ),
    fresh AS (
        SELECT pt.user_id, lower(t.exercise_name) AS exercise,
               sum(pt.sets) AS sets, sum(pt.reps) AS reps, sum(pt.volume_kg) AS volume_kg,
               max(pt.best_weight_kg) AS best_weight_kg, max(pt.best_e1rm_kg) AS best_e1rm_kg,
               max(pt.last_performed) AS last_performed,
               array_agg(pt.template_id) AS templates
        FROM per_template pt
        JOIN workout_templates t ON t.id = pt.template_id
        -- A set counts for the member whose session it is and whose plan holds its exercise.
        JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = pt.user_id
        GROUP BY pt.user_id, lower(t.exercise_name)
    ),
    named AS (
        SELECT f.*, (
            -- The name on the latest counted set (session date, then logging time), as
            -- progress_stats_recompute takes it: the exercise's sets of its last day.
            SELECT t.exercise_name
            FROM workout_sessions s
            JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.workout_template_id = ANY (f.templates)
                 AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
            JOIN workout_templates t ON t.id = ws.workout_template_id
            WHERE s.user_id = f.user_id AND s.date = f.last_performed AND s.deleted_at IS NULL
            ORDER BY ws.completed_at DESC
            LIMIT 1
        ) AS display_name
        FROM fresh f
    ),
    gone AS (
        DELETE FROM exercise_stats es
        WHERE es.user_id = ANY (p_users)
          AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.user_id = es.user_id AND f.exercise = es.exercise)
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

REVOKE ALL ON FUNCTION public.progress_stats_rebuild(p_users uuid[]) FROM PUBLIC;
