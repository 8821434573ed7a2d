CREATE OR REPLACE FUNCTION public.progress_templates_changed()
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
        SELECT DISTINCT p.user_id, e.exercise
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN workout_plans p ON p.id = n.workout_plan_id
        CROSS JOIN LATERAL (VALUES (lower(o.exercise_name)), (lower(n.exercise_name))) AS e(exercise)
        WHERE o.exercise_name IS DISTINCT FROM n.exercise_name
           OR o.workout_plan_id IS DISTINCT FROM n.workout_plan_id
    ) k;
    IF users IS NOT NULL THEN
        PERFORM progress_stats_recompute(users, exercises);
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER progress_templates_updated AFTER UPDATE ON public.workout_templates REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_templates_changed();
