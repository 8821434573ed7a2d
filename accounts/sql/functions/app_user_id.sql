-- The signed-in member, from the setting the server puts in each transaction (`app.user_id`,
-- gymtracker/rls.py). Unset or empty means nobody: NULL, which equals no row's owner, so the
-- policies fail closed. Policies call it through a sub-select, `(SELECT app_user_id())`, so a query
-- evaluates it once rather than per row. It sets its own search path, so no caller's path (pg_dump's
-- is empty) changes what it names.
CREATE OR REPLACE FUNCTION public.app_user_id()
 RETURNS uuid
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $function$;
