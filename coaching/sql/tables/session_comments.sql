-- Row-level security on session_comments: the coach who wrote a comment and the member whose
-- session it is read it; only a current coach of that member writes one (as its author); its author
-- edits or deletes it. The member marks it read through session_comment_read(), not through these.
ALTER TABLE public.session_comments ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.session_comments FORCE ROW LEVEL SECURITY;

CREATE POLICY session_comments_delete ON public.session_comments FOR DELETE
    USING (author_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY session_comments_edit ON public.session_comments FOR UPDATE
    USING (author_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (author_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY session_comments_read ON public.session_comments FOR SELECT
    USING (
        author_id = (SELECT app_user_id())
        OR EXISTS (
            SELECT 1 FROM workout_sessions s
            WHERE s.id = session_comments.workout_session_id AND s.user_id = (SELECT app_user_id())
        )
        OR (SELECT app_privileged())
    );

CREATE POLICY session_comments_write ON public.session_comments FOR INSERT
    WITH CHECK (
        (
            author_id = (SELECT app_user_id())
            AND EXISTS (
                SELECT 1 FROM workout_sessions s
                WHERE s.id = session_comments.workout_session_id AND s.user_id IN (SELECT app_coached_members())
            )
        )
        OR (SELECT app_privileged())
    );
