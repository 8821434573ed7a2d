-- Whether a change to a set (its row before, `o`, and after, `n`) can change what it counts for:
-- its reps, weight, type, logging, removal, session or exercise. A new position, RPE or timestamp
-- alone costs the triggers nothing.
--
-- Plain SQL over the two rows, inlined into the triggers' queries (see progress_set_volume).
CREATE OR REPLACE FUNCTION public.progress_set_changed(o workout_sets, n workout_sets)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
    SELECT (o.actual_reps, o.weight_kg, o.set_type, o.completed_at, o.deleted_at, o.workout_template_id, o.workout_session_id)
        IS DISTINCT FROM (n.actual_reps, n.weight_kg, n.set_type, n.completed_at, n.deleted_at, n.workout_template_id, n.workout_session_id)
$function$;
