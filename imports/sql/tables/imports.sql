-- Row-level security on imports: a member's own imports, staff and server jobs all.
ALTER TABLE public.imports ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.imports FORCE ROW LEVEL SECURITY;

CREATE POLICY imports_access ON public.imports FOR ALL
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()));
