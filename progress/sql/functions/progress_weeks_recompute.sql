-- The weekly volume of the (member, exercise, week) rows a statement touched, each recomputed by
-- progress_week_recompute (its one definition); a NULL exercise means every exercise of that
-- member, a NULL week every week: (member, NULL, NULL) is a member's whole history, as a bulk
-- load (progress_bulk_load_finish) asks. Taken in order (member, week, exercise).
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
BEGIN
    FOR wanted IN
        SELECT DISTINCT u AS user_id, e AS exercise, w AS week
        FROM unnest(p_users, p_exercises, p_weeks) AS k(u, e, w)
        WHERE u IS NOT NULL
        ORDER BY 1, 3, 2
    LOOP
        PERFORM progress_week_recompute(wanted.user_id, wanted.exercise, wanted.week);
    END LOOP;
END
$function$;

REVOKE ALL ON FUNCTION public.progress_weeks_recompute(p_users uuid[], p_exercises text[], p_weeks date[]) FROM PUBLIC;
