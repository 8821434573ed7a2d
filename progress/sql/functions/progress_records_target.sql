-- The member and exercise whose personal records a set's change calls to derive again, for a
-- caller who may: records are derived by their member, staff or a system job only, the rule that
-- binds the caller's own writes to `personal_records`. A set the caller cannot see (under
-- row-level security) names nobody, and is left alone. The ways in (progress_set_logged,
-- progress_set_relogged, progress_records_rederive) ask this first; progress_records_derive
-- then writes in its own context. It runs with its caller's rights and reads the caller's
-- `app.system`.
CREATE OR REPLACE FUNCTION public.progress_records_target(p_set uuid, OUT user_id uuid, OUT exercise text)
 RETURNS record
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
BEGIN
    SELECT s.user_id, lower(t.exercise_name) INTO user_id, exercise
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id
    JOIN workout_templates t ON t.id = ws.workout_template_id
    WHERE ws.id = p_set;
    IF FOUND AND NOT (user_id = app_user_id() OR app_privileged()) THEN
        RAISE EXCEPTION 'records are derived by their member, staff or a system job only';
    END IF;
END
$function$;

REVOKE ALL ON FUNCTION public.progress_records_target(p_set uuid, OUT user_id uuid, OUT exercise text) FROM PUBLIC;
