ALTER TABLE public.form_submissions ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.form_submissions FORCE ROW LEVEL SECURITY;

CREATE POLICY form_submissions_access ON public.form_submissions
    USING (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));
