ALTER TABLE public.session_comments ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.session_comments FORCE ROW LEVEL SECURITY;

CREATE POLICY session_comments_delete ON public.session_comments FOR DELETE
    USING (((author_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY session_comments_edit ON public.session_comments FOR UPDATE
    USING (((author_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((author_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY session_comments_read ON public.session_comments FOR SELECT
    USING (((author_id = ( SELECT app_user_id() AS app_user_id)) OR (EXISTS ( SELECT 1
   FROM workout_sessions s
  WHERE ((s.id = session_comments.workout_session_id) AND (s.user_id = ( SELECT app_user_id() AS app_user_id))))) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY session_comments_write ON public.session_comments FOR INSERT
    WITH CHECK ((((author_id = ( SELECT app_user_id() AS app_user_id)) AND (EXISTS ( SELECT 1
   FROM workout_sessions s
  WHERE ((s.id = session_comments.workout_session_id) AND (s.user_id IN ( SELECT app_coached_members() AS app_coached_members)))))) OR ( SELECT app_privileged() AS app_privileged)));
