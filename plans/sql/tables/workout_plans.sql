ALTER TABLE public.workout_plans ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_plans FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_plans_access ON public.workout_plans
    USING (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY workout_plans_coach ON public.workout_plans
    USING ((user_id IN ( SELECT app_coached_members() AS app_coached_members)))
    WITH CHECK ((user_id IN ( SELECT app_coached_members() AS app_coached_members)));

CREATE POLICY workout_plans_created_by ON public.workout_plans AS RESTRICTIVE FOR INSERT
    WITH CHECK (((created_by_id IS NULL) OR (created_by_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));
