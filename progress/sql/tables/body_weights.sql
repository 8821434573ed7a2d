-- Row-level security on body_weights: a member's own entries, staff and server jobs all. A coach
-- reads their current members' entries (a separate permissive policy, ORed with the member's own)
-- and writes none.
ALTER TABLE public.body_weights ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.body_weights FORCE ROW LEVEL SECURITY;

CREATE POLICY body_weights_owner ON public.body_weights FOR ALL
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY body_weights_coach ON public.body_weights FOR SELECT
    USING (user_id IN (SELECT app_coached_members()));
