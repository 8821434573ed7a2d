-- The statistics and the weekly volume follow an exercise renamed or moved to another plan: both
-- names, in the statistics of the plan's member (progress_stats_recompute) and in every week
-- where the exercise has a counted set (progress_weeks_recompute). Removing an exercise from a
-- plan (a soft delete) keeps its history; purging it removes its sets, whose trigger
-- (progress_sets_changed) follows. A bulk load stands it aside (progress_bulk_loading).
CREATE OR REPLACE FUNCTION public.progress_templates_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'exercise_stats'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    moved uuid[];
    users uuid[];
    exercises text[];
    weeks date[];
BEGIN
    IF progress_bulk_loading() THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(n.id) INTO moved
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE o.exercise_name IS DISTINCT FROM n.exercise_name OR o.workout_plan_id IS DISTINCT FROM n.workout_plan_id;
    IF moved IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(k.user_id), array_agg(k.exercise) INTO users, exercises
    FROM (
        SELECT DISTINCT p.user_id, e.exercise
        FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.id = ANY (moved)
        JOIN workout_plans p ON p.id = n.workout_plan_id
        CROSS JOIN LATERAL (VALUES (lower(o.exercise_name)), (lower(n.exercise_name))) AS e(exercise)
    ) k;
    PERFORM progress_stats_recompute(users, exercises);
    SELECT array_agg(k.user_id), array_agg(k.exercise), array_agg(k.week) INTO users, exercises, weeks
    FROM (
        SELECT DISTINCT s.user_id, e.exercise, progress_week(s.date) AS week
        FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.id = ANY (moved)
        JOIN workout_sets ws ON ws.workout_template_id = n.id AND progress_set_live(ws)
        JOIN workout_sessions s ON s.id = ws.workout_session_id AND s.deleted_at IS NULL
        CROSS JOIN LATERAL (VALUES (lower(o.exercise_name)), (lower(n.exercise_name))) AS e(exercise)
    ) k;
    IF users IS NOT NULL THEN
        PERFORM progress_weeks_recompute(users, exercises, weeks);
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER progress_templates_updated AFTER UPDATE ON public.workout_templates REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_templates_changed();
