ALTER TABLE public.exercise_stats ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.exercise_stats FORCE ROW LEVEL SECURITY;

CREATE POLICY exercise_stats_owner ON public.exercise_stats
    USING (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY exercise_stats_coach ON public.exercise_stats FOR SELECT
    USING ((user_id IN ( SELECT app_coached_members() AS app_coached_members)));

CREATE POLICY exercise_stats_delete_by_triggers ON public.exercise_stats AS RESTRICTIVE FOR DELETE
    USING ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'exercise_stats'::text));

CREATE POLICY exercise_stats_insert_by_triggers ON public.exercise_stats AS RESTRICTIVE FOR INSERT
    WITH CHECK ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'exercise_stats'::text));

CREATE POLICY exercise_stats_update_by_triggers ON public.exercise_stats AS RESTRICTIVE FOR UPDATE
    USING ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'exercise_stats'::text))
    WITH CHECK ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'exercise_stats'::text));
