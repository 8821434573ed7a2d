-- Whether the transaction runs for staff (`app.staff` = 'on', an active staff account) or for a
-- named server-side job (`app.system`, e.g. 'authentication', 'account_erasure'): the contexts that
-- reach every row. Unset means false. Policies call it as `(SELECT app_privileged())`, evaluated
-- once per query; it sets its own search path, as app_user_id does.
CREATE OR REPLACE FUNCTION public.app_privileged()
 RETURNS boolean
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
    SELECT coalesce(current_setting('app.staff', true), '') = 'on'
        OR coalesce(current_setting('app.system', true), '') <> ''
$function$;
