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
    SELECT s.user_id, lower(t.exercise_name) AS exercise INTO target
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id
    JOIN workout_templates t ON t.id = ws.workout_template_id
    WHERE ws.id = p_set;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    IF NOT (target.user_id = app_user_id() OR app_privileged()) THEN
        RAISE EXCEPTION 'records are derived by their member, staff or a system job only';
    END IF;
    PERFORM progress_records_derive(target.user_id, target.exercise, NULL);
END
$function$;

REVOKE ALL ON FUNCTION public.progress_records_rederive(p_set uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.progress_records_rederive(p_set uuid) TO :"app_role";
