-- A set that counts as work: done (progress_set_live) and not a warm-up. Only such a set adds to
-- volume, statistics, weekly figures and records (progress_set_counts); a warm-up is logged and
-- shown, and counts for nothing. Drop and to-failure sets are work like any other.
--
-- Plain SQL over the set's row, inlined into its callers (see progress_set_volume).
CREATE OR REPLACE FUNCTION public.progress_set_working(ws workout_sets)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$ SELECT public.progress_set_live(ws) AND ws.set_type <> 'warmup' $function$;
