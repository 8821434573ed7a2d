CREATE OR REPLACE FUNCTION public.progress_bulk_load_finish(p_users uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
BEGIN
    IF coalesce(current_setting('app.system', true), '') = ''
       OR coalesce(current_setting('app.user_id', true), '') <> ''
       OR coalesce(current_setting('app.staff', true), '') <> '' THEN
        RAISE EXCEPTION 'a bulk load runs in a named system context only';
    END IF;
    PERFORM progress_stats_rebuild(p_users);
    PERFORM progress_weeks_rebuild(p_users);
    PERFORM set_config('app.bulk_load', '', true);
END
$function$;

REVOKE ALL ON FUNCTION public.progress_bulk_load_finish(p_users uuid[]) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.progress_bulk_load_finish(p_users uuid[]) TO :"app_role";
