CREATE OR REPLACE FUNCTION public.member_data_touch(members uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'member_data_versions'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
BEGIN

    INSERT INTO member_data_versions AS v (user_id)
    SELECT DISTINCT m.id FROM unnest(members) AS m(id) JOIN users u ON u.id = m.id
    ORDER BY 1
    ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1, changed_at = clock_timestamp();

END
$function$;

REVOKE ALL ON FUNCTION public.member_data_touch(members uuid[]) FROM PUBLIC;
