-- Row-level security on auth_group_permissions, the permissions of each role. Written only in the
-- privileged context (staff or a server job), so a view with a bug cannot widen a role. The links
-- hold no member's data, so everyone may read them, and security is enabled but not forced: the
-- owner (migrate, and the role sync after it, accounts/roles.py) is trusted.
ALTER TABLE public.auth_group_permissions ENABLE ROW LEVEL SECURITY;

CREATE POLICY auth_group_permissions_add ON public.auth_group_permissions FOR INSERT
    WITH CHECK ((SELECT app_privileged()));

CREATE POLICY auth_group_permissions_change ON public.auth_group_permissions FOR UPDATE
    USING ((SELECT app_privileged()))
    WITH CHECK ((SELECT app_privileged()));

CREATE POLICY auth_group_permissions_read ON public.auth_group_permissions FOR SELECT
    USING (true);

CREATE POLICY auth_group_permissions_remove ON public.auth_group_permissions FOR DELETE
    USING ((SELECT app_privileged()));
