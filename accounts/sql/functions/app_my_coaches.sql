-- The coaches who coach the signed-in member now: the other side of app_coached_members, so a
-- member can read their coaches' names (users_coach). Set-returning and with its own search path,
-- for the same reasons.
CREATE OR REPLACE FUNCTION public.app_my_coaches()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$ SELECT coach_id FROM coach_relationships WHERE member_id = app_user_id() AND ended_at IS NULL $function$;
