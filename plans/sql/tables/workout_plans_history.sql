ALTER TABLE public.workout_plans_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_plans_history FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_plans_history_access ON public.workout_plans_history
    USING (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY workout_plans_history_append_only_delete ON public.workout_plans_history AS RESTRICTIVE FOR DELETE
    USING (( SELECT app_privileged() AS app_privileged));

CREATE POLICY workout_plans_history_append_only_update ON public.workout_plans_history AS RESTRICTIVE FOR UPDATE
    USING (( SELECT app_privileged() AS app_privileged));

CREATE POLICY workout_plans_history_coach ON public.workout_plans_history
    USING ((user_id IN ( SELECT app_coached_members() AS app_coached_members)))
    WITH CHECK ((user_id IN ( SELECT app_coached_members() AS app_coached_members)));
