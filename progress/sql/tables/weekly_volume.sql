ALTER TABLE public.weekly_volume ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.weekly_volume FORCE ROW LEVEL SECURITY;

CREATE POLICY weekly_volume_coach ON public.weekly_volume FOR SELECT
    USING ((user_id IN ( SELECT app_coached_members() AS app_coached_members)));

CREATE POLICY weekly_volume_delete_by_triggers ON public.weekly_volume AS RESTRICTIVE FOR DELETE
    USING ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'weekly_volume'::text));

CREATE POLICY weekly_volume_insert_by_triggers ON public.weekly_volume AS RESTRICTIVE FOR INSERT
    WITH CHECK ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'weekly_volume'::text));

CREATE POLICY weekly_volume_read ON public.weekly_volume FOR SELECT
    USING (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY weekly_volume_update_by_triggers ON public.weekly_volume AS RESTRICTIVE FOR UPDATE
    USING ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'weekly_volume'::text))
    WITH CHECK ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'weekly_volume'::text));

CREATE POLICY weekly_volume_write ON public.weekly_volume
    USING ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'weekly_volume'::text))
    WITH CHECK ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'weekly_volume'::text));
