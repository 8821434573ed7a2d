CREATE OR REPLACE FUNCTION public.progress_weeks_templates_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'weekly_volume'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    users uuid[];
    exercises text[];
    weeks date[];
BEGIN
    IF coalesce(current_setting('app.bulk_load', true), '') <> ''
       AND coalesce(current_setting('app.user_id', true), '') = ''
       AND coalesce(current_setting('app.staff', true), '') = '' THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(k.user_id), array_agg(k.exercise), array_agg(k.week) INTO users, exercises, weeks
    FROM (
        SELECT DISTINCT s.user_id, e.exercise, (s.date - (extract(isodow FROM s.date)::integer - 1)) AS week
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN workout_sets ws ON ws.workout_template_id = n.id AND ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL
        JOIN workout_sessions s ON s.id = ws.workout_session_id AND s.deleted_at IS NULL
        CROSS JOIN LATERAL (VALUES (lower(o.exercise_name)), (lower(n.exercise_name))) AS e(exercise)
        WHERE o.exercise_name IS DISTINCT FROM n.exercise_name OR o.workout_plan_id IS DISTINCT FROM n.workout_plan_id
    ) k;
    IF users IS NOT NULL THEN
        PERFORM progress_weeks_recompute(users, exercises, weeks);
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER progress_weeks_templates_updated AFTER UPDATE ON public.workout_templates REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_templates_changed();
