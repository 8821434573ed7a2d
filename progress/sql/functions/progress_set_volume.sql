-- The volume of a set: reps times weight in kilograms, a body-weight set (no weight) counting 0.
-- Every total of volume (statistics, weekly volume, the dashboard's days and sessions) adds this up.
--
-- Plain SQL without a SET clause, so that PostgreSQL inlines it into each query that calls it (an
-- expression per row, no function call); it reads nothing but its arguments.
CREATE OR REPLACE FUNCTION public.progress_set_volume(reps integer, weight_kg numeric)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$ SELECT reps * coalesce(weight_kg, 0) $function$;
