-- Row-level security on workout_sessions_history: a member's own rows, staff and server jobs all.
-- Append-only outside the privileged context (restrictive policies on UPDATE and DELETE).
ALTER TABLE public.workout_sessions_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_sessions_history FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_sessions_history_access ON public.workout_sessions_history FOR ALL
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY workout_sessions_history_append_only_delete ON public.workout_sessions_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY workout_sessions_history_append_only_update ON public.workout_sessions_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));
