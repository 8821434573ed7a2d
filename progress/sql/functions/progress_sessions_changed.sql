CREATE OR REPLACE FUNCTION public.progress_sessions_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'exercise_stats'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
DECLARE
    users uuid[];
    exercises text[];
BEGIN
    -- A bulk load by a system job recomputes its members once, before it commits (migration 0005).
    IF coalesce(current_setting('app.bulk_load', true), '') <> ''
       AND coalesce(current_setting('app.user_id', true), '') = ''
       AND coalesce(current_setting('app.staff', true), '') = '' THEN
        RETURN NULL;
    END IF;
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
$function$;

CREATE OR REPLACE TRIGGER progress_sessions_updated AFTER UPDATE ON public.workout_sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sessions_changed();
