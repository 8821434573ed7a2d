-- Which sets count for the statistics, the weekly volume and the personal records: a working set
-- (progress_set_working: done, not a warm-up) in a session that is not deleted, of an exercise in one of the plans of
-- the member whose session it is. `plan_owner` is the member whose plan holds the set's exercise
-- (the plan's user_id, or the member whose own exercises a query reads).
--
-- Plain SQL over the rows, inlined into its callers (see progress_set_volume): after inlining, a
-- query holds the conditions themselves, so `s.deleted_at IS NULL` still selects the partial
-- index workout_sessions_recent_live.
CREATE OR REPLACE FUNCTION public.progress_set_counts(ws workout_sets, s workout_sessions, plan_owner uuid)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
    SELECT public.progress_set_working(ws) AND s.deleted_at IS NULL AND s.user_id = plan_owner
$function$;
