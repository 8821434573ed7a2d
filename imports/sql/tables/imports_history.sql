-- Row-level security on imports_history: a member's own rows, staff and server jobs all.
-- Append-only outside the privileged context (restrictive policies on UPDATE and DELETE).
ALTER TABLE public.imports_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.imports_history FORCE ROW LEVEL SECURITY;

CREATE POLICY imports_history_access ON public.imports_history FOR ALL
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY imports_history_append_only_delete ON public.imports_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY imports_history_append_only_update ON public.imports_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));
