-- Row-level security on the audit log: a member reads their own events, staff all. Only the server
-- writes them (its 'audit' context), and with no UPDATE or DELETE policy nobody, staff included,
-- changes or removes an event.
ALTER TABLE public.audit_events ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.audit_events FORCE ROW LEVEL SECURITY;

CREATE POLICY audit_events_read ON public.audit_events FOR SELECT
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY audit_events_write ON public.audit_events FOR INSERT
    WITH CHECK ((SELECT app_privileged()));
