-- Row-level security on workout_plans_history, which simple-history writes with every change of a
-- plan: the same rows as workout_plans, for the member and for their coach (who writes their plans,
-- so writes these rows too). Append-only outside the privileged context (restrictive policies on
-- UPDATE and DELETE).
ALTER TABLE public.workout_plans_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_plans_history FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_plans_history_owner ON public.workout_plans_history FOR ALL
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY workout_plans_history_append_only_delete ON public.workout_plans_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY workout_plans_history_append_only_update ON public.workout_plans_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));

CREATE POLICY workout_plans_history_coach ON public.workout_plans_history FOR ALL
    USING (user_id IN (SELECT app_coached_members()))
    WITH CHECK (user_id IN (SELECT app_coached_members()));
