-- Row-level security on body_weights_history: a member's own rows, staff and server jobs all.
-- Append-only outside the privileged context (restrictive policies on UPDATE and DELETE).
ALTER TABLE public.body_weights_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.body_weights_history FORCE ROW LEVEL SECURITY;

CREATE POLICY body_weights_history_access ON public.body_weights_history FOR ALL
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY body_weights_history_append_only_delete ON public.body_weights_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY body_weights_history_append_only_update ON public.body_weights_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));
