-- Row-level security on users_history (simple-history's copies of users rows): as users, a member's
-- own rows. Append-only outside the privileged context: restrictive policies refuse UPDATE and
-- DELETE to anyone else, so a member cannot rewrite their history (account erasure runs as the
-- server job 'account_erasure').
ALTER TABLE public.users_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.users_history FORCE ROW LEVEL SECURITY;

CREATE POLICY users_history_access ON public.users_history FOR ALL
    USING (id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY users_history_append_only_delete ON public.users_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY users_history_append_only_update ON public.users_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));
