-- Brings the personal records of a set's exercise up to date after the set was logged or edited,
-- from what the statistics know of the changes since the records were last derived:
-- `records_lag`, how many changes to the exercise's counted sets, and `records_since`, the
-- earliest session date they touched (kept by progress_sets_changed; Django maps neither).
--
-- - lag 0: the records are whole; nothing to do;
-- - lag above 0, day known: every record before that day is still exact, so the records are
--   derived again from that day on (progress_records_derive), as cheap for today's set as the
--   day's few sets are;
-- - unknown (a recomputation of the statistics: a removal, a moved session, an edit that lowered
--   a best, any change but a set logged or edited as the latest of its exercise): derived again
--   from the first set.
--
-- Returns whether the short way sufficed. Who may call it: as progress_records_rederive.
CREATE OR REPLACE FUNCTION public.progress_set_relogged(p_set uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    target record;
    lag integer;
    since date;
BEGIN
    SELECT * INTO target FROM progress_records_target(p_set);
    IF target.user_id IS NULL THEN
        RETURN false;
    END IF;
    SELECT es.records_lag, es.records_since INTO lag, since
    FROM exercise_stats es
    WHERE es.user_id = target.user_id AND es.exercise = target.exercise;
    IF lag IS NULL OR (lag > 0 AND since IS NULL) THEN
        PERFORM progress_records_derive(target.user_id, target.exercise, NULL);
        RETURN false;
    END IF;
    IF lag > 0 THEN
        PERFORM progress_records_derive(target.user_id, target.exercise, since);
    END IF;
    RETURN true;
END
$function$;

REVOKE ALL ON FUNCTION public.progress_set_relogged(p_set uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.progress_set_relogged(p_set uuid) TO :"app_role";
