-- Row-level security on workout_templates (a plan's exercises): the exercises of a member's own
-- plans, and staff and server jobs all. A coach reads and writes their current members' exercises
-- through a separate permissive policy, which PostgreSQL ORs with the member's own: members keep
-- exactly what they had, coaches only gain their members' rows, and nothing once the relationship
-- ends.
ALTER TABLE public.workout_templates ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_templates FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_templates_owner ON public.workout_templates FOR ALL
    USING (
        EXISTS (
            SELECT 1 FROM workout_plans p
            WHERE p.id = workout_templates.workout_plan_id AND p.user_id = (SELECT app_user_id())
        )
        OR (SELECT app_privileged())
    )
    WITH CHECK (
        EXISTS (
            SELECT 1 FROM workout_plans p
            WHERE p.id = workout_templates.workout_plan_id AND p.user_id = (SELECT app_user_id())
        )
        OR (SELECT app_privileged())
    );

CREATE POLICY workout_templates_coach ON public.workout_templates FOR ALL
    USING (EXISTS (
        SELECT 1 FROM workout_plans p
        WHERE p.id = workout_templates.workout_plan_id AND p.user_id IN (SELECT app_coached_members())
    ))
    WITH CHECK (EXISTS (
        SELECT 1 FROM workout_plans p
        WHERE p.id = workout_templates.workout_plan_id AND p.user_id IN (SELECT app_coached_members())
    ));
