-- Derives the personal records of a set's exercise again from the member's every counted set
-- (progress_records_derive from the first day), whatever changed: the way records are repaired
-- when nothing is known of what changed since they were last derived.
--
-- Who may call it: the app's role, for a set the caller can see (under row-level security; a set
-- out of sight is left alone). SECURITY DEFINER, it checks the caller first with the rule that
-- binds the caller's own writes to `personal_records` (the set's member, staff or a system job),
-- so it reads the caller's `app.system` and sets none itself; progress_records_derive writes in
-- its own.
CREATE OR REPLACE FUNCTION public.progress_records_rederive(p_set uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
DECLARE
    target record;
BEGIN
    SELECT * INTO target FROM progress_records_target(p_set);
    IF target.user_id IS NULL THEN
        RETURN;
    END IF;
    PERFORM progress_records_derive(target.user_id, target.exercise, NULL);
END
$function$;

REVOKE ALL ON FUNCTION public.progress_records_rederive(p_set uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.progress_records_rederive(p_set uuid) TO :"app_role";
