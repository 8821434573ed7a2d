-- Row-level security on users: a member reaches their own row, staff and server jobs every row.
-- Forced, so the policies bind the table's owner too (only superusers and BYPASSRLS roles pass, and
-- the app's role is neither). A coach also reads their current members' rows, and a member their
-- current coaches' (names on plans and comments): a separate permissive policy, which PostgreSQL
-- ORs with the first, so members keep exactly what they had and coaches only gain.
ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.users FORCE ROW LEVEL SECURITY;

CREATE POLICY users_owner ON public.users FOR ALL
    USING (id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY users_coach ON public.users FOR SELECT
    USING (id IN (SELECT app_coached_members()) OR id IN (SELECT app_my_coaches()));
