-- Row-level security on health_profiles: a member's own notes, and staff and server jobs. A coach
-- reads a current member's profile only when the member shares it (shared_with_coach), through a
-- separate permissive policy; a coach never writes one.
ALTER TABLE public.health_profiles ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.health_profiles FORCE ROW LEVEL SECURITY;

CREATE POLICY health_profiles_owner ON public.health_profiles FOR ALL
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY health_profiles_coach ON public.health_profiles FOR SELECT
    USING (shared_with_coach AND user_id IN (SELECT app_coached_members()));
