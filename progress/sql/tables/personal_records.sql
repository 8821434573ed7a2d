ALTER TABLE public.personal_records ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.personal_records FORCE ROW LEVEL SECURITY;

CREATE POLICY personal_records_owner ON public.personal_records
    USING (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY personal_records_coach ON public.personal_records FOR SELECT
    USING ((user_id IN ( SELECT app_coached_members() AS app_coached_members)));
