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
$function$;

REVOKE ALL ON FUNCTION public.progress_weeks_recompute(p_users uuid[], p_exercises text[], p_weeks date[]) FROM PUBLIC;
