-- A coach acting as one of their members, for the rest of the transaction: the one way a coach
-- writes a member's sessions and sets (an import of the member's history, imports). Allowed only
-- for a member they coach now (app_coached_members) who has consented (users.coach_may_import);
-- otherwise it raises insufficient_privilege and the context is unchanged. What follows runs in
-- the member's context, so every policy binds it as the member's own writes, and the history rows
-- written name the coach (the caller records them so). `app.acting_coach` keeps who acts, for the
-- transaction. SECURITY DEFINER with its own `app.system` to read the member's consent whatever
-- the users table's policies let a coach read.
CREATE OR REPLACE FUNCTION public.coaching_act_for(p_member uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
DECLARE
    coach uuid := app_user_id();
    caller text := coalesce(current_setting('app.system', true), '');
    allowed boolean;
BEGIN
    PERFORM set_config('app.system', 'coaching_act_for', true);
    SELECT EXISTS (
        SELECT 1
        FROM coach_relationships r
        JOIN users u ON u.id = r.member_id
        WHERE r.coach_id = coach AND r.member_id = p_member AND r.ended_at IS NULL AND u.coach_may_import
    ) INTO allowed;
    PERFORM set_config('app.system', caller, true);
    IF coach IS NULL OR NOT allowed THEN
        RAISE EXCEPTION 'not a consenting member of this coach' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM set_config('app.acting_coach', coach::text, true);
    PERFORM set_config('app.user_id', p_member::text, true);
END
$function$;

REVOKE ALL ON FUNCTION public.coaching_act_for(p_member uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.coaching_act_for(p_member uuid) TO :"app_role";
