CREATE OR REPLACE FUNCTION public.app_privileged()
 RETURNS boolean
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT coalesce(current_setting('app.staff', true), '') = 'on'
        OR coalesce(current_setting('app.system', true), '') <> ''
$function$;
