-- Row-level security on exercises_history, which simple-history writes with every change of an
-- exercise made through the app or the admin: a member's own exercises' rows for the member (and
-- the coach who added one for them), every row for staff. Append-only outside the privileged
-- context (restrictive policies on UPDATE and DELETE).
ALTER TABLE public.exercises_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.exercises_history FORCE ROW LEVEL SECURITY;

CREATE POLICY exercises_history_owner ON public.exercises_history FOR ALL
    USING (owner_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (owner_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY exercises_history_append_only_delete ON public.exercises_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY exercises_history_append_only_update ON public.exercises_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));

CREATE POLICY exercises_history_coach ON public.exercises_history FOR ALL
    USING (owner_id IN (SELECT app_coached_members()))
    WITH CHECK (owner_id IN (SELECT app_coached_members()));
