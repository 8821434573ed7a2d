CREATE OR REPLACE FUNCTION public.session_comment_read(p_comment uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
DECLARE
    member uuid := app_user_id();
    caller text := coalesce(current_setting('app.system', true), '');
    mine boolean;
BEGIN
    IF member IS NULL THEN
        RETURN false;
    END IF;
    PERFORM set_config('app.system', 'session_comment_read', true);
    UPDATE session_comments c SET read_at = coalesce(c.read_at, now())
    FROM workout_sessions s
    WHERE c.id = p_comment AND s.id = c.workout_session_id AND s.user_id = member;
    mine := FOUND;
    PERFORM set_config('app.system', caller, true);
    RETURN mine;
END
$function$;

REVOKE ALL ON FUNCTION public.session_comment_read(p_comment uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.session_comment_read(p_comment uuid) TO :"app_role";
