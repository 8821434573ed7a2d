ALTER TABLE public.users_groups ENABLE ROW LEVEL SECURITY;

CREATE POLICY users_groups_add ON public.users_groups FOR INSERT
    WITH CHECK ((( SELECT app_privileged() AS app_privileged) OR ((user_id = ( SELECT app_user_id() AS app_user_id)) AND (group_id = ( SELECT g.id
   FROM auth_group g
  WHERE ((g.name)::text = 'member'::text))))));

CREATE POLICY users_groups_change ON public.users_groups FOR UPDATE
    USING (( SELECT app_privileged() AS app_privileged))
    WITH CHECK (( SELECT app_privileged() AS app_privileged));

CREATE POLICY users_groups_read ON public.users_groups FOR SELECT
    USING (true);

CREATE POLICY users_groups_remove ON public.users_groups FOR DELETE
    USING (( SELECT app_privileged() AS app_privileged));
