ALTER TABLE public.auth_group_permissions ENABLE ROW LEVEL SECURITY;

CREATE POLICY auth_group_permissions_add ON public.auth_group_permissions FOR INSERT
    WITH CHECK (( SELECT app_privileged() AS app_privileged));

CREATE POLICY auth_group_permissions_change ON public.auth_group_permissions FOR UPDATE
    USING (( SELECT app_privileged() AS app_privileged))
    WITH CHECK (( SELECT app_privileged() AS app_privileged));

CREATE POLICY auth_group_permissions_read ON public.auth_group_permissions FOR SELECT
    USING (true);

CREATE POLICY auth_group_permissions_remove ON public.auth_group_permissions FOR DELETE
    USING (( SELECT app_privileged() AS app_privileged));
