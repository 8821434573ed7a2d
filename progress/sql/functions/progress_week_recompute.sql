CREATE OR REPLACE FUNCTION public.progress_week_recompute(p_user uuid, p_exercise text, p_week date)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'weekly_volume'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    templates uuid[];
    fresh record;
BEGIN
    templates := ARRAY(
        SELECT t.id FROM workout_plans p JOIN workout_templates t ON t.workout_plan_id = p.id
        WHERE p.user_id = p_user AND lower(t.exercise_name) = p_exercise
    );
    SELECT
               sum(ws.actual_reps * coalesce(ws.weight_kg, 0)) AS volume_kg,
               count(*) AS sets,
               sum(ws.actual_reps) AS reps,
               max(ws.weight_kg) FILTER (WHERE ws.actual_reps > 0) AS best_weight_kg,
               max(progress_e1rm(ws.weight_kg, ws.actual_reps)) AS best_e1rm_kg
    INTO fresh
    FROM workout_sessions s
    JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.workout_template_id = ANY (templates)
         AND ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL
    WHERE s.user_id = p_user AND s.deleted_at IS NULL AND s.date BETWEEN p_week AND p_week + 6;
    IF fresh.sets > 0 THEN
        INSERT INTO weekly_volume AS wv
            (user_id, exercise, week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg)
        VALUES (p_user, p_exercise, p_week, fresh.volume_kg, fresh.sets, fresh.reps,
                fresh.best_weight_kg, fresh.best_e1rm_kg)
        ON CONFLICT (user_id, exercise, week) DO UPDATE SET
            volume_kg = EXCLUDED.volume_kg, sets = EXCLUDED.sets, reps = EXCLUDED.reps,
            best_weight_kg = EXCLUDED.best_weight_kg, best_e1rm_kg = EXCLUDED.best_e1rm_kg
        WHERE (wv.volume_kg, wv.sets, wv.reps, wv.best_weight_kg, wv.best_e1rm_kg)
              IS DISTINCT FROM (EXCLUDED.volume_kg, EXCLUDED.sets, EXCLUDED.reps,
                                EXCLUDED.best_weight_kg, EXCLUDED.best_e1rm_kg);
    ELSE
        DELETE FROM weekly_volume WHERE user_id = p_user AND exercise = p_exercise AND week = p_week;
    END IF;
END
$function$;

REVOKE ALL ON FUNCTION public.progress_week_recompute(p_user uuid, p_exercise text, p_week date) FROM PUBLIC;
