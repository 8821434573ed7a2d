-- Row-level security on workout_plans: a member reaches their own plans, staff and server jobs all.
-- A coach reads and writes their current members' plans through a separate permissive policy, which
-- PostgreSQL ORs with the member's own: members keep exactly what they had, coaches only gain their
-- members' rows, and nothing once the relationship ends.
-- created_by says who wrote a plan (the member, or their coach writing for them): a restrictive
-- policy lets a member or coach put only themselves there, so nobody can pass a plan off as another
-- person's (staff and server jobs may name anyone).
ALTER TABLE public.workout_plans ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_plans FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_plans_owner ON public.workout_plans FOR ALL
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY workout_plans_coach ON public.workout_plans FOR ALL
    USING (user_id IN (SELECT app_coached_members()))
    WITH CHECK (user_id IN (SELECT app_coached_members()));

CREATE POLICY workout_plans_created_by ON public.workout_plans AS RESTRICTIVE FOR INSERT
    WITH CHECK (created_by_id IS NULL OR created_by_id = (SELECT app_user_id()) OR (SELECT app_privileged()));
