-- Row-level security on member_data_versions, the number per member that the cached pages' keys
-- hold (raised by member_data_changed): members read their own version, coaches their current
-- members', staff and server jobs all. Only the trigger function's context (app.system =
-- 'member_data_versions') writes: the permissive policy lets it in, and the restrictive ones keep
-- every other context out of INSERT, UPDATE and DELETE whatever permissive policy may be added.
ALTER TABLE public.member_data_versions ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.member_data_versions FORCE ROW LEVEL SECURITY;

CREATE POLICY member_data_versions_delete_only_by_triggers ON public.member_data_versions AS RESTRICTIVE FOR DELETE
    USING ((SELECT coalesce(current_setting('app.system', true), '')) = 'member_data_versions');

CREATE POLICY member_data_versions_read ON public.member_data_versions FOR SELECT
    USING (
        user_id = (SELECT app_user_id()) OR user_id IN (SELECT app_coached_members()) OR (SELECT app_privileged())
    );

CREATE POLICY member_data_versions_update_only_by_triggers ON public.member_data_versions AS RESTRICTIVE FOR UPDATE
    USING ((SELECT coalesce(current_setting('app.system', true), '')) = 'member_data_versions')
    WITH CHECK ((SELECT coalesce(current_setting('app.system', true), '')) = 'member_data_versions');

CREATE POLICY member_data_versions_write ON public.member_data_versions FOR ALL
    USING ((SELECT coalesce(current_setting('app.system', true), '')) = 'member_data_versions')
    WITH CHECK ((SELECT coalesce(current_setting('app.system', true), '')) = 'member_data_versions');

CREATE POLICY member_data_versions_write_only_by_triggers ON public.member_data_versions AS RESTRICTIVE FOR INSERT
    WITH CHECK ((SELECT coalesce(current_setting('app.system', true), '')) = 'member_data_versions');
