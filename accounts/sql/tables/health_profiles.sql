ALTER TABLE public.health_profiles ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.health_profiles FORCE ROW LEVEL SECURITY;

CREATE POLICY health_profiles_access ON public.health_profiles
    USING (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY health_profiles_coach ON public.health_profiles FOR SELECT
    USING ((shared_with_coach AND (user_id IN ( SELECT app_coached_members() AS app_coached_members))));
