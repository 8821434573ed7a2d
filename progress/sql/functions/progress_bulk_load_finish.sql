-- Ends a bulk load (progress_bulk_load_start): recomputes the statistics and the weekly volume of
-- the members it wrote, whole (a NULL exercise and week: everything), in one pass each, and clears
-- the flag; the load must name every member whose rows it wrote. SECURITY DEFINER to reach the
-- recomputations, which only make the aggregates right, whoever asks.
CREATE OR REPLACE FUNCTION public.progress_bulk_load_finish(p_users uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
BEGIN
    IF NOT progress_system_job() THEN
        RAISE EXCEPTION 'a bulk load runs in a named system context only';
    END IF;
    PERFORM progress_stats_recompute(p_users, '{}');
    PERFORM progress_weeks_recompute(p_users, '{}', '{}');
    PERFORM set_config('app.bulk_load', '', true);
END
$function$;

REVOKE ALL ON FUNCTION public.progress_bulk_load_finish(p_users uuid[]) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.progress_bulk_load_finish(p_users uuid[]) TO :"app_role";
