CREATE OR REPLACE FUNCTION public.app_my_coaches()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$ SELECT coach_id FROM coach_relationships WHERE member_id = app_user_id() AND ended_at IS NULL $function$;
