-- A set's estimated one-repetition maximum (Epley: weight x (1 + reps / 30), kept exact as
-- weight x (30 + reps) / 30), to the hundredth of a kilogram; none for a set without reps or
-- weight. The statistics' best 1RM and the 1RM records are this and nothing else.
--
-- Plain SQL, inlined into its callers (see progress_set_volume).
CREATE OR REPLACE FUNCTION public.progress_e1rm(weight_kg numeric, reps integer)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$ SELECT CASE WHEN reps > 0 AND weight_kg > 0 THEN round(weight_kg * (30 + reps) / 30, 2) END $function$;
