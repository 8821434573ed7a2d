-- Sessions' totals: planned sets, sets done (warm-ups too), and the reps and volume of the working
-- sets, by the progress rules (progress_set_live, progress_set_working, progress_set_volume). One GROUP BY over the given sessions: the session
-- list and home (sessions.selectors.with_totals) and the set log's answer (workouts_set_log) read
-- it. Plain SQL that PostgreSQL inlines into the calling query, under the caller's row-level
-- security (so no SET clause: the table is named with its schema instead).
CREATE OR REPLACE FUNCTION public.workouts_session_totals(p_sessions uuid[])
 RETURNS TABLE(session_id uuid, planned_sets bigint, done_sets bigint, total_reps bigint, tonnage numeric)
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
    SELECT ws.workout_session_id,
           count(*),
           count(*) FILTER (WHERE progress_set_live(ws)),
           coalesce(sum(ws.actual_reps) FILTER (WHERE progress_set_working(ws)), 0),
           coalesce(sum(progress_set_volume(ws.actual_reps, ws.weight_kg)) FILTER (WHERE progress_set_working(ws)), 0)
    FROM public.workout_sets ws
    WHERE ws.workout_session_id = ANY (p_sessions) AND ws.deleted_at IS NULL
    GROUP BY ws.workout_session_id
$function$;
