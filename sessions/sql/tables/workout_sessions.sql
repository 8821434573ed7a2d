ALTER TABLE public.workout_sessions ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_sessions FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_sessions_access ON public.workout_sessions
    USING (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK ((((user_id = ( SELECT app_user_id() AS app_user_id)) AND ((workout_plan_id IS NULL) OR (EXISTS ( SELECT 1
   FROM workout_plans p
  WHERE ((p.id = workout_sessions.workout_plan_id) AND (p.user_id = ( SELECT app_user_id() AS app_user_id))))))) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY workout_sessions_coach ON public.workout_sessions FOR SELECT
    USING ((user_id IN ( SELECT app_coached_members() AS app_coached_members)));
