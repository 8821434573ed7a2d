ALTER TABLE public.workout_sets ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_sets FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_sets_access ON public.workout_sets
    USING ((( SELECT app_privileged() AS app_privileged) OR (EXISTS ( SELECT 1
   FROM workout_sessions s
  WHERE ((s.id = workout_sets.workout_session_id) AND (s.user_id = ( SELECT app_user_id() AS app_user_id)))))))
    WITH CHECK ((( SELECT app_privileged() AS app_privileged) OR ((EXISTS ( SELECT 1
   FROM workout_sessions s
  WHERE ((s.id = workout_sets.workout_session_id) AND (s.user_id = ( SELECT app_user_id() AS app_user_id))))) AND (EXISTS ( SELECT 1
   FROM (workout_templates t
     JOIN workout_plans p ON ((p.id = t.workout_plan_id)))
  WHERE ((t.id = workout_sets.workout_template_id) AND (p.user_id = ( SELECT app_user_id() AS app_user_id))))))));

CREATE POLICY workout_sets_coach ON public.workout_sets FOR SELECT
    USING ((EXISTS ( SELECT 1
   FROM workout_sessions s
  WHERE ((s.id = workout_sets.workout_session_id) AND (s.user_id IN ( SELECT app_coached_members() AS app_coached_members))))));
