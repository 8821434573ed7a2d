-- The personal-record rule: which records a counted set earns, given the bests of the exercise's
-- counted sets before it (session date, then logging time). A record is strictly better than
-- every set before it; a tie is none. Weights are kilograms, a body-weight set weighing 0.
--
-- - weight: a set with reps and a weight heavier than every earlier weight lifted
--   (progress_set_lifted), so the first set of an exercise with a weight is the first;
-- - e1rm: an estimated 1RM (progress_e1rm) above every earlier one, the first one included;
-- - reps: more reps than any earlier set at exactly that weight; it needs such a set, so the
--   first visit to a weight (and every warm-up) is no record;
-- - duration: a held or carried set (a plank, a farmer's walk) lasting longer than every earlier
--   one, the first one included (over a distance, longer is no better: that is no record);
-- - distance: a set going further than every earlier one, the first one included;
-- - pace: a set of a kilometre or more (a run, a row) at fewer seconds a kilometre than every
--   earlier one of a kilometre or more, the first one included (a sprint's pace is not a run's).
--
-- Every path that files records (progress_records_derive) asks this, with what it knows of the
-- bests before the set. Plain SQL, inlined into the caller's query (see progress_set_volume): one
-- row per record earned, with the record's value.
CREATE OR REPLACE FUNCTION public.progress_records_earned(reps integer, weight_kg numeric, best_weight_before numeric, best_e1rm_before numeric, best_reps_before integer, set_kind text, duration_seconds integer, best_duration_before integer, distance_m numeric, best_distance_before numeric, best_pace_before numeric)
 RETURNS TABLE(kind text, value numeric)
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
    SELECT 'weight', weight_kg
    WHERE public.progress_set_lifted(reps, weight_kg) > coalesce(best_weight_before, 0)
    UNION ALL
    SELECT 'e1rm', public.progress_e1rm(weight_kg, reps)
    WHERE public.progress_e1rm(weight_kg, reps) > coalesce(best_e1rm_before, 0)
    UNION ALL
    SELECT 'reps', reps
    WHERE reps > 0 AND reps > best_reps_before
    UNION ALL
    SELECT 'duration', duration_seconds
    WHERE set_kind <> 'distance_duration' AND duration_seconds > coalesce(best_duration_before, 0)
    UNION ALL
    SELECT 'distance', distance_m
    WHERE distance_m > coalesce(best_distance_before, 0)
    UNION ALL
    SELECT 'pace', public.progress_set_pace(duration_seconds, distance_m)
    WHERE public.progress_set_pace(duration_seconds, distance_m) < coalesce(best_pace_before, 'Infinity')
$function$;
