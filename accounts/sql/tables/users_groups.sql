-- Row-level security on users_groups, who has which role (member, coach, staff). Written only in
-- the privileged context (staff or a server job), so a view with a bug cannot hand anyone a role;
-- the one exception: a new member joins the 'member' group under their own id when signing up
-- (accounts.services.account_create). The links hold no member's data, so everyone may read them,
-- and security is enabled but not forced: the owner (migrate, and the role sync after it,
-- accounts/roles.py) is trusted.
ALTER TABLE public.users_groups ENABLE ROW LEVEL SECURITY;

CREATE POLICY users_groups_add ON public.users_groups FOR INSERT
    WITH CHECK (
        (SELECT app_privileged())
        OR (
            user_id = (SELECT app_user_id())
            AND group_id = (SELECT g.id FROM auth_group g WHERE g.name = 'member')
        )
    );

CREATE POLICY users_groups_change ON public.users_groups FOR UPDATE
    USING ((SELECT app_privileged()))
    WITH CHECK ((SELECT app_privileged()));

CREATE POLICY users_groups_read ON public.users_groups FOR SELECT
    USING (true);

CREATE POLICY users_groups_remove ON public.users_groups FOR DELETE
    USING ((SELECT app_privileged()));
