-- Row-level security on session_comments_history: the same readers as the comments. Append-only
-- outside the privileged context (restrictive policies on UPDATE and DELETE).
ALTER TABLE public.session_comments_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.session_comments_history FORCE ROW LEVEL SECURITY;

CREATE POLICY session_comments_history_access ON public.session_comments_history FOR ALL
    USING (
        author_id = (SELECT app_user_id())
        OR EXISTS (
            SELECT 1 FROM workout_sessions s
            WHERE s.id = session_comments_history.workout_session_id AND s.user_id = (SELECT app_user_id())
        )
        OR (SELECT app_privileged())
    )
    WITH CHECK (
        author_id = (SELECT app_user_id())
        OR EXISTS (
            SELECT 1 FROM workout_sessions s
            WHERE s.id = session_comments_history.workout_session_id AND s.user_id = (SELECT app_user_id())
        )
        OR (SELECT app_privileged())
    );

CREATE POLICY session_comments_history_append_only_delete ON public.session_comments_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY session_comments_history_append_only_update ON public.session_comments_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));
