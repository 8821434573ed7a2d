ALTER TABLE public.coach_invites ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.coach_invites FORCE ROW LEVEL SECURITY;

CREATE POLICY coach_invites_access ON public.coach_invites FOR ALL
    USING (coach_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (coach_id = (SELECT app_user_id()) OR (SELECT app_privileged()));
