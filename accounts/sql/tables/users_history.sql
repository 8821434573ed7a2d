ALTER TABLE public.users_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.users_history FORCE ROW LEVEL SECURITY;

CREATE POLICY users_history_access ON public.users_history
    USING (((id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY users_history_append_only_delete ON public.users_history AS RESTRICTIVE FOR DELETE
    USING (( SELECT app_privileged() AS app_privileged));

CREATE POLICY users_history_append_only_update ON public.users_history AS RESTRICTIVE FOR UPDATE
    USING (( SELECT app_privileged() AS app_privileged));
