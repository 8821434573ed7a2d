ALTER TABLE public.coach_invites ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.coach_invites FORCE ROW LEVEL SECURITY;

CREATE POLICY coach_invites_access ON public.coach_invites
    USING (((coach_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((coach_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));
