ALTER TABLE public.member_data_versions ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.member_data_versions FORCE ROW LEVEL SECURITY;

CREATE POLICY member_data_versions_delete_only_by_triggers ON public.member_data_versions AS RESTRICTIVE FOR DELETE
    USING ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'member_data_versions'::text));

CREATE POLICY member_data_versions_read ON public.member_data_versions FOR SELECT
    USING (((user_id = ( SELECT app_user_id() AS app_user_id)) OR (user_id IN ( SELECT app_coached_members() AS app_coached_members)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY member_data_versions_update_only_by_triggers ON public.member_data_versions AS RESTRICTIVE FOR UPDATE
    USING ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'member_data_versions'::text))
    WITH CHECK ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'member_data_versions'::text));

CREATE POLICY member_data_versions_write ON public.member_data_versions
    USING ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'member_data_versions'::text))
    WITH CHECK ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'member_data_versions'::text));

CREATE POLICY member_data_versions_write_only_by_triggers ON public.member_data_versions AS RESTRICTIVE FOR INSERT
    WITH CHECK ((( SELECT COALESCE(current_setting('app.system'::text, true), ''::text) AS "coalesce") = 'member_data_versions'::text));
