CREATE OR REPLACE FUNCTION public.progress_bulk_load_start()
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
BEGIN
    IF coalesce(current_setting('app.system', true), '') = ''
       OR coalesce(current_setting('app.user_id', true), '') <> ''
       OR coalesce(current_setting('app.staff', true), '') <> '' THEN
        RAISE EXCEPTION 'a bulk load runs in a named system context only';
    END IF;
    PERFORM set_config('app.bulk_load', current_setting('app.system'), true);
END
$function$;

REVOKE ALL ON FUNCTION public.progress_bulk_load_start() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.progress_bulk_load_start() TO :"app_role";
