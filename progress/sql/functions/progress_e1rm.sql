CREATE OR REPLACE FUNCTION public.progress_e1rm(weight_kg numeric, reps integer)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$ SELECT CASE WHEN reps > 0 AND weight_kg > 0 THEN round(weight_kg * (30 + reps) / 30, 2) END $function$;
