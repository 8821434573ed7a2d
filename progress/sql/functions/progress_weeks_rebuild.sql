CREATE OR REPLACE FUNCTION public.progress_weeks_rebuild(p_users uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'weekly_volume'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
    WITH per_template AS (
        SELECT s.user_id, ws.workout_template_id AS template_id, (s.date - (extract(isodow FROM s.date)::integer - 1)) AS week,
               sum(ws.actual_reps * coalesce(ws.weight_kg, 0)) AS volume_kg,
               count(*) AS sets,
               sum(ws.actual_reps) AS reps,
               max(ws.weight_kg) FILTER (WHERE ws.actual_reps > 0) AS best_weight_kg,
               max(progress_e1rm(ws.weight_kg, ws.actual_reps)) AS best_e1rm_kg
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
    ORDER BY user_id, week, exercise
        ON CONFLICT (user_id, exercise, week) DO UPDATE SET
            volume_kg = EXCLUDED.volume_kg, sets = EXCLUDED.sets, reps = EXCLUDED.reps,
            best_weight_kg = EXCLUDED.best_weight_kg, best_e1rm_kg = EXCLUDED.best_e1rm_kg
        WHERE (wv.volume_kg, wv.sets, wv.reps, wv.best_weight_kg, wv.best_e1rm_kg)
              IS DISTINCT FROM (EXCLUDED.volume_kg, EXCLUDED.sets, EXCLUDED.reps,
                                EXCLUDED.best_weight_kg, EXCLUDED.best_e1rm_kg);
END
$function$;

REVOKE ALL ON FUNCTION public.progress_weeks_rebuild(p_users uuid[]) FROM PUBLIC;
