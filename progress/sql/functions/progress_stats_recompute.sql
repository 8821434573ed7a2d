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
        best_e1rm_kg = EXCLUDED.best_e1rm_kg, last_performed = EXCLUDED.last_performed, records_lag = NULL;
END
$function$;

REVOKE ALL ON FUNCTION public.progress_stats_recompute(p_users uuid[], p_exercises text[]) FROM PUBLIC;
