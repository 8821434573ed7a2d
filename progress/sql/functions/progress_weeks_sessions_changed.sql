CREATE OR REPLACE FUNCTION public.progress_weeks_sessions_changed()
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
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(k.user_id), array_agg(NULL::text), array_agg(k.week) INTO users, exercises, weeks
        FROM (
            SELECT DISTINCT o.user_id, (o.date - (extract(isodow FROM o.date)::integer - 1)) AS week
            FROM old_rows o JOIN users u ON u.id = o.user_id
        ) k;
    ELSE
        SELECT array_agg(k.user_id), array_agg(NULL::text), array_agg(k.week) INTO users, exercises, weeks
        FROM (
            SELECT DISTINCT v.user_id, (v.date - (extract(isodow FROM v.date)::integer - 1)) AS week
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            CROSS JOIN LATERAL (VALUES (o.user_id, o.date), (n.user_id, n.date)) AS v(user_id, date)
            WHERE (o.date, o.user_id, o.deleted_at IS NULL) IS DISTINCT FROM (n.date, n.user_id, n.deleted_at IS NULL)
        ) k;
    END IF;
    IF users IS NOT NULL THEN
        PERFORM progress_weeks_recompute(users, exercises, weeks);
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER progress_weeks_sessions_deleted AFTER DELETE ON public.workout_sessions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_sessions_changed();

CREATE OR REPLACE TRIGGER progress_weeks_sessions_updated AFTER UPDATE ON public.workout_sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_sessions_changed();
