-- The weight a set counts for towards a best weight: its weight when it has reps (a set of no reps
-- lifted nothing). The best weight of the statistics and of the weekly volume is the largest of
-- these, and a weight record is one above every earlier one.
--
-- Plain SQL, inlined into its callers (see progress_set_volume).
CREATE OR REPLACE FUNCTION public.progress_set_lifted(reps integer, weight_kg numeric)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$ SELECT CASE WHEN reps > 0 THEN weight_kg END $function$;
