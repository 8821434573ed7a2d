-- Row-level security on form_submissions, the forms' one-time tokens (gymtracker/idempotency.py):
-- a member's own rows only, under forced security like every member table.
ALTER TABLE public.form_submissions ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.form_submissions FORCE ROW LEVEL SECURITY;

CREATE POLICY form_submissions_access ON public.form_submissions FOR ALL
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()));
