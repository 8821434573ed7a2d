-- Whether the progress triggers stand aside: during a bulk load (progress_bulk_load_start) by a
-- system job, the triggers return at once and progress_bulk_load_finish recomputes the loaded
-- members in one pass before the load commits. Only a statement from a system job
-- (progress_system_job; the triggers run in their own `app.system`, so this asks whether the
-- caller is no member and no staff) is trusted with the flag: a member's or a coach's request
-- that somehow carried it is counted at once, as any other.
CREATE OR REPLACE FUNCTION public.progress_bulk_loading()
 RETURNS boolean
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
    SELECT coalesce(current_setting('app.bulk_load', true), '') <> '' AND progress_system_job()
$function$;
