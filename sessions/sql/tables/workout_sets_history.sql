-- Row-level security on workout_sets_history: the sets of a member's own sessions, staff and server
-- jobs all. Append-only outside the privileged context (restrictive policies on UPDATE and DELETE).
ALTER TABLE public.workout_sets_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_sets_history FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_sets_history_access ON public.workout_sets_history FOR ALL
    USING (
        EXISTS (
            SELECT 1 FROM workout_sessions s
            WHERE s.id = workout_sets_history.workout_session_id AND s.user_id = (SELECT app_user_id())
        )
        OR (SELECT app_privileged())
    )
    WITH CHECK (
        EXISTS (
            SELECT 1 FROM workout_sessions s
            WHERE s.id = workout_sets_history.workout_session_id AND s.user_id = (SELECT app_user_id())
        )
        OR (SELECT app_privileged())
    );

CREATE POLICY workout_sets_history_append_only_delete ON public.workout_sets_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY workout_sets_history_append_only_update ON public.workout_sets_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));
