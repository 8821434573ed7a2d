ALTER TABLE public.users_user_permissions ENABLE ROW LEVEL SECURITY;

CREATE POLICY users_user_permissions_add ON public.users_user_permissions FOR INSERT
    WITH CHECK (( SELECT app_privileged() AS app_privileged));

CREATE POLICY users_user_permissions_change ON public.users_user_permissions FOR UPDATE
    USING (( SELECT app_privileged() AS app_privileged))
    WITH CHECK (( SELECT app_privileged() AS app_privileged));

CREATE POLICY users_user_permissions_read ON public.users_user_permissions FOR SELECT
    USING (true);

CREATE POLICY users_user_permissions_remove ON public.users_user_permissions FOR DELETE
    USING (( SELECT app_privileged() AS app_privileged));
