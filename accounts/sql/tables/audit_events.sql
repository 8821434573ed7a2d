ALTER TABLE public.audit_events ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.audit_events FORCE ROW LEVEL SECURITY;

CREATE POLICY audit_events_read ON public.audit_events FOR SELECT
    USING (((user_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY audit_events_write ON public.audit_events FOR INSERT
    WITH CHECK (( SELECT app_privileged() AS app_privileged));
