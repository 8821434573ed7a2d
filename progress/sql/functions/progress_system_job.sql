-- Whether the caller is a named system job: a system context (`app.system`) that is no member and
-- no staff. Only such a caller may start or finish a bulk load (progress_bulk_load_start,
-- progress_bulk_load_finish).
CREATE OR REPLACE FUNCTION public.progress_system_job()
 RETURNS boolean
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT coalesce(current_setting('app.system', true), '') <> ''
       AND coalesce(current_setting('app.user_id', true), '') = ''
       AND coalesce(current_setting('app.staff', true), '') = ''
$function$;
