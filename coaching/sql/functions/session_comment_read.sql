-- A member marks a coach's comment as read (read_at), so their start page stops pointing it out.
-- Only the member whose session it is, and only that column: the comments' policies let the coach
-- who wrote a comment edit it, not the member. So this is SECURITY DEFINER, checks that the comment
-- is on a session of the member asking (app_user_id()), and takes a server context
-- ('session_comment_read') for its one UPDATE only, giving the caller's context back before it
-- returns (an error aborts the transaction, which restores it too). It answers whether the comment
-- is one of the member's; marking a comment twice is harmless. The UPDATE raises the member's data
-- version like any change to their comments, so a cached start page never shows it as new again.
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
