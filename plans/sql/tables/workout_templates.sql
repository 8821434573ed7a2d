ALTER TABLE public.workout_templates ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_templates FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_templates_access ON public.workout_templates
    USING (((EXISTS ( SELECT 1
   FROM workout_plans p
  WHERE ((p.id = workout_templates.workout_plan_id) AND (p.user_id = ( SELECT app_user_id() AS app_user_id))))) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((EXISTS ( SELECT 1
   FROM workout_plans p
  WHERE ((p.id = workout_templates.workout_plan_id) AND (p.user_id = ( SELECT app_user_id() AS app_user_id))))) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY workout_templates_coach ON public.workout_templates
    USING ((EXISTS ( SELECT 1
   FROM workout_plans p
  WHERE ((p.id = workout_templates.workout_plan_id) AND (p.user_id IN ( SELECT app_coached_members() AS app_coached_members))))))
    WITH CHECK ((EXISTS ( SELECT 1
   FROM workout_plans p
  WHERE ((p.id = workout_templates.workout_plan_id) AND (p.user_id IN ( SELECT app_coached_members() AS app_coached_members))))));
