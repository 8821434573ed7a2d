-- What a set of an exercise (a plan's row, workout_templates) records when it is made: the kind
-- of the library exercise it is (exercises.kind), else weights and reps. workout_sets_kind asks
-- this for a set made without a kind; a bulk load (progress.generator.load) asks it once per
-- exercise, and gives each set its kind, so that the trigger has nothing to look up row by row.
-- Plain SQL, run with the caller's rights: an exercise the caller cannot see is weights and reps.
CREATE OR REPLACE FUNCTION public.workout_sets_kind_of(p_template uuid)
 RETURNS text
 LANGUAGE sql
 STABLE PARALLEL SAFE
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
    SELECT coalesce(
        (SELECT e.kind FROM workout_templates t JOIN exercises e ON e.id = t.exercise_id WHERE t.id = p_template),
        'weight_reps'
    )
$function$;
