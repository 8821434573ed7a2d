-- Starts a bulk load (`manage.py generate_history`): the progress triggers stand aside
-- (progress_bulk_loading) while a system job inserts whole members, and
-- progress_bulk_load_finish recomputes those members once, set-based, before the load commits.
-- Why: a trigger recomputation per statement made loading about 40 % slower. The flag is local to
-- the transaction, so it ends with the load (commit or rollback) and never reaches another
-- request on a pooled connection; only a named system context (no member, no staff) may set it.
-- Like `app.user_id`, it is a setting the app's role could set itself: members never send SQL,
-- and code that could would gain nothing it did not have (a system context reads and writes every
-- row); at worst it leaves the aggregates stale, which the triggers' own context still guards.
CREATE OR REPLACE FUNCTION public.progress_bulk_load_start()
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
BEGIN
    IF NOT progress_system_job() THEN
        RAISE EXCEPTION 'a bulk load runs in a named system context only';
    END IF;
    PERFORM set_config('app.bulk_load', current_setting('app.system'), true);
END
$function$;

REVOKE ALL ON FUNCTION public.progress_bulk_load_start() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.progress_bulk_load_start() TO :"app_role";
