-- Row-level security on coach_invites: an invite is its coach's. A member redeems one through the
-- server's 'coach_invite' context, never by reading the table.
ALTER TABLE public.coach_invites ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.coach_invites FORCE ROW LEVEL SECURITY;

CREATE POLICY coach_invites_access ON public.coach_invites FOR ALL
    USING (coach_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (coach_id = (SELECT app_user_id()) OR (SELECT app_privileged()));
