-- Row-level security on users_user_permissions, the permissions given to single accounts. Written
-- only in the privileged context (staff or a server job), so a view with a bug cannot hand anyone a
-- permission. The links hold no member's data, so everyone may read them, and security is enabled
-- but not forced: the owner (migrate, and the role sync after it) is trusted.
ALTER TABLE public.users_user_permissions ENABLE ROW LEVEL SECURITY;

CREATE POLICY users_user_permissions_add ON public.users_user_permissions FOR INSERT
    WITH CHECK ((SELECT app_privileged()));

CREATE POLICY users_user_permissions_change ON public.users_user_permissions FOR UPDATE
    USING ((SELECT app_privileged()))
    WITH CHECK ((SELECT app_privileged()));

CREATE POLICY users_user_permissions_read ON public.users_user_permissions FOR SELECT
    USING (true);

CREATE POLICY users_user_permissions_remove ON public.users_user_permissions FOR DELETE
    USING ((SELECT app_privileged()));
