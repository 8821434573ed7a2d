-- Row-level security on exercises: everyone reads the library (rows without an owner); a member
-- reaches their own exercises, staff and server jobs all. A coach reads their current members'
-- own exercises and may add one for them (writing a plan that names a new exercise); only the
-- member changes theirs.
ALTER TABLE public.exercises ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.exercises FORCE ROW LEVEL SECURITY;

CREATE POLICY exercises_owner ON public.exercises FOR ALL
    USING (owner_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (owner_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY exercises_coach_add ON public.exercises FOR INSERT
    WITH CHECK (owner_id IN (SELECT app_coached_members()));

CREATE POLICY exercises_coach_read ON public.exercises FOR SELECT
    USING (owner_id IN (SELECT app_coached_members()));

CREATE POLICY exercises_library ON public.exercises FOR SELECT
    USING (owner_id IS NULL);
