-- The statistics and the weekly volume follow a session deleted (for good or not), restored, or
-- moved to another day or member: the exercises of its counted sets, for the member before and
-- after (progress_stats_recompute), and every exercise of its week, before and after
-- (progress_weeks_recompute). A session purged takes its sets along, whose trigger
-- (progress_sets_changed) brings the statistics up to date; its week is recomputed here, unless
-- its member was erased with it. A bulk load stands it aside (progress_bulk_loading).
CREATE OR REPLACE FUNCTION public.progress_sessions_changed()
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
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(k.user_id), array_agg(NULL::text), array_agg(k.week) INTO users, exercises, weeks
        FROM (
            SELECT DISTINCT o.user_id, progress_week(o.date) AS week
            FROM old_rows o JOIN users u ON u.id = o.user_id
        ) k;
    ELSE
        SELECT array_agg(n.id) INTO moved
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.date, o.user_id, o.deleted_at IS NULL) IS DISTINCT FROM (n.date, n.user_id, n.deleted_at IS NULL);
        IF moved IS NULL THEN
            RETURN NULL;
        END IF;
        SELECT array_agg(k.user_id), array_agg(k.exercise) INTO users, exercises
        FROM (
            SELECT DISTINCT u.user_id, lower(t.exercise_name) AS exercise
            FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.id = ANY (moved)
            CROSS JOIN LATERAL (VALUES (o.user_id), (n.user_id)) AS u(user_id)
            JOIN workout_sets ws ON ws.workout_session_id = n.id AND progress_set_live(ws)
            JOIN workout_templates t ON t.id = ws.workout_template_id
        ) k;
        IF users IS NOT NULL THEN
            PERFORM progress_stats_recompute(users, exercises);
        END IF;
        SELECT array_agg(k.user_id), array_agg(NULL::text), array_agg(k.week) INTO users, exercises, weeks
        FROM (
            SELECT DISTINCT v.user_id, progress_week(v.date) AS week
            FROM old_rows o JOIN new_rows n ON n.id = o.id AND n.id = ANY (moved)
            CROSS JOIN LATERAL (VALUES (o.user_id, o.date), (n.user_id, n.date)) AS v(user_id, date)
        ) k;
    END IF;
    IF users IS NOT NULL THEN
        PERFORM progress_weeks_recompute(users, exercises, weeks);
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER progress_sessions_deleted AFTER DELETE ON public.workout_sessions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sessions_changed();

CREATE OR REPLACE TRIGGER progress_sessions_updated AFTER UPDATE ON public.workout_sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sessions_changed();
