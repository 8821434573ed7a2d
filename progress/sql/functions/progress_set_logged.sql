-- Brings the personal records of a set's exercise up to date after the set's first log: as after
-- an edit (progress_set_relogged). A set logged as the latest of its exercise leaves the
-- statistics' `records_lag` above 0 with `records_since` its day, so its records are derived
-- again from that day on, which costs about what adding the one set's own records did; any other
-- first log left the lag unknown, and the records are derived from the first set.
--
-- Returns whether the short way sufficed. Who may call it: as progress_records_rederive.
CREATE OR REPLACE FUNCTION public.progress_set_logged(p_set uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
BEGIN
    RETURN progress_set_relogged(p_set);
END
$function$;

REVOKE ALL ON FUNCTION public.progress_set_logged(p_set uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.progress_set_logged(p_set uuid) TO :"app_role";
