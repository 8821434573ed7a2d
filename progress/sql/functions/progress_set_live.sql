-- A set the member has done: logged (`completed_at` set) and not removed. Only such a set can
-- count (progress_set_counts); the triggers look at the sets a statement made or unmade live to
-- know which statistics to bring up to date, and the dashboard's sessions and days add them up.
--
-- Plain SQL over the set's row, inlined into its callers (see progress_set_volume): a query reads
-- `progress_set_live(ws)` as the two conditions on the set's columns.
CREATE OR REPLACE FUNCTION public.progress_set_live(ws workout_sets)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$ SELECT ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL $function$;
