-- A set's pace: seconds a kilometre, to the hundredth, for a set of a kilometre or more with its
-- time; none for a shorter set (a sprint's pace is no measure of a run's) or one without a time.
-- The pace records (progress_records_earned) are the lowest of these.
--
-- Plain SQL, inlined into its callers (see progress_set_volume).
CREATE OR REPLACE FUNCTION public.progress_set_pace(duration_seconds integer, distance_m numeric)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$ SELECT CASE WHEN distance_m >= 1000 AND duration_seconds > 0 THEN round(duration_seconds * 1000 / distance_m, 2) END $function$;
