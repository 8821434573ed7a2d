-- The week a day belongs to, as its Monday (ISO weeks), by date arithmetic: `date_trunc` would
-- depend on the connection's time zone. The weekly volume is kept per member, exercise and week.
--
-- Plain SQL, inlined into its callers (see progress_set_volume).
CREATE OR REPLACE FUNCTION public.progress_week(day date)
 RETURNS date
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$ SELECT day - (extract(isodow FROM day)::integer - 1) $function$;
