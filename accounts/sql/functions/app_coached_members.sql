-- The members the signed-in person coaches now (a relationship not ended): what the coach policies
-- let a coach reach. Set-returning, so a policy's `IN (SELECT app_coached_members())` is a hashed
-- sub-plan evaluated once per query, not per row. It names coach_relationships without a schema, so
-- it sets its own search path: it works wherever the caller's points (pg_dump
-- --enable-row-security runs with an empty one).
CREATE OR REPLACE FUNCTION public.app_coached_members()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$ SELECT member_id FROM coach_relationships WHERE coach_id = app_user_id() AND ended_at IS NULL $function$;
