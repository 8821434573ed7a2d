-- Row-level security on workout_templates_history: the same rows as workout_templates, for the
-- member and their coach. Append-only outside the privileged context (restrictive policies on
-- UPDATE and DELETE).
ALTER TABLE public.workout_templates_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_templates_history FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_templates_history_owner ON public.workout_templates_history FOR ALL
    USING (
        EXISTS (
            SELECT 1 FROM workout_plans p
            WHERE p.id = workout_templates_history.workout_plan_id AND p.user_id = (SELECT app_user_id())
        )
        OR (SELECT app_privileged())
    )
    WITH CHECK (
        EXISTS (
            SELECT 1 FROM workout_plans p
            WHERE p.id = workout_templates_history.workout_plan_id AND p.user_id = (SELECT app_user_id())
        )
        OR (SELECT app_privileged())
    );

CREATE POLICY workout_templates_history_append_only_delete ON public.workout_templates_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY workout_templates_history_append_only_update ON public.workout_templates_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));

CREATE POLICY workout_templates_history_coach ON public.workout_templates_history FOR ALL
    USING (EXISTS (
        SELECT 1 FROM workout_plans p
        WHERE p.id = workout_templates_history.workout_plan_id AND p.user_id IN (SELECT app_coached_members())
    ))
    WITH CHECK (EXISTS (
        SELECT 1 FROM workout_plans p
        WHERE p.id = workout_templates_history.workout_plan_id AND p.user_id IN (SELECT app_coached_members())
    ));
