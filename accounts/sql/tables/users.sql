ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.users FORCE ROW LEVEL SECURITY;

CREATE POLICY users_access ON public.users
    USING (((id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY users_coach ON public.users FOR SELECT
    USING (((id IN ( SELECT app_coached_members() AS app_coached_members)) OR (id IN ( SELECT app_my_coaches() AS app_my_coaches))));
