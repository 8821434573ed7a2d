CREATE OR REPLACE FUNCTION public.progress_set_relogged(p_set uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    caller text := coalesce(current_setting('app.system', true), '');
    target record;
    lag integer;
    since date;
BEGIN

    SELECT s.user_id, lower(t.exercise_name) AS exercise INTO target
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id
    JOIN workout_templates t ON t.id = ws.workout_template_id
    WHERE ws.id = p_set;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF NOT (target.user_id = app_user_id() OR app_privileged()) THEN
        RAISE EXCEPTION 'records are derived by their member, staff or a system job only';
    END IF;
    PERFORM set_config('app.system', 'exercise_stats', true);
    SELECT es.records_lag, es.records_since INTO lag, since
    FROM exercise_stats es
    WHERE es.user_id = target.user_id AND es.exercise = target.exercise;
    IF lag IS NULL OR (lag > 0 AND since IS NULL) THEN
        PERFORM set_config('app.system', caller, true);
        PERFORM progress_records_rederive(p_set);
        RETURN false;
    END IF;
    IF lag > 0 THEN
        DELETE FROM personal_records pr
        WHERE pr.user_id = target.user_id AND pr.exercise = target.exercise AND pr.date >= since;
        WITH recent AS (
            SELECT ws.id, p.user_id, lower(t.exercise_name) AS exercise, s.date, ws.completed_at,
                   ws.actual_reps AS reps, coalesce(ws.weight_kg, 0) AS weight_kg,
                   progress_e1rm(ws.weight_kg, ws.actual_reps) AS e1rm
            FROM workout_sessions s
            JOIN workout_sets ws ON ws.workout_session_id = s.id
                 AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
            JOIN workout_templates t ON t.id = ws.workout_template_id AND lower(t.exercise_name) = target.exercise
            JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = target.user_id
            WHERE s.user_id = target.user_id AND s.deleted_at IS NULL AND s.date >= since
        ),
        ranked AS (
            SELECT r.*,
                   greatest(
                       (SELECT max(pr.value) FROM personal_records pr
                        WHERE pr.user_id = target.user_id AND pr.exercise = target.exercise
                          AND pr.kind = 'weight' AND pr.date < since),
                       max(weight_kg) FILTER (WHERE reps > 0) OVER earlier
                   ) AS best_weight_before,
                   greatest(
                       (SELECT max(pr.value) FROM personal_records pr
                        WHERE pr.user_id = target.user_id AND pr.exercise = target.exercise
                          AND pr.kind = 'e1rm' AND pr.date < since),
                       max(e1rm) OVER earlier
                   ) AS best_e1rm_before,
                   greatest(
                       (SELECT max(ws.actual_reps)
                        FROM workout_plans p
                        JOIN workout_templates t ON t.workout_plan_id = p.id AND lower(t.exercise_name) = target.exercise
                        JOIN workout_sets ws ON ws.workout_template_id = t.id
                             AND coalesce(ws.weight_kg, 0) = r.weight_kg
                             AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
                        JOIN workout_sessions s ON s.id = ws.workout_session_id
                             AND s.user_id = target.user_id AND s.deleted_at IS NULL AND s.date < since
                        WHERE p.user_id = target.user_id),
                       max(reps) OVER (
                           PARTITION BY weight_kg ORDER BY date, completed_at, id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                       )
                   ) AS best_reps_before
            FROM recent r
            WINDOW earlier AS (ORDER BY date, completed_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        )
    INSERT INTO personal_records (user_id, workout_set_id, exercise, kind, weight_kg, reps, value, date)
    SELECT user_id, id, exercise, 'weight', weight_kg, reps, weight_kg, date FROM ranked
    WHERE reps > 0 AND weight_kg > 0 AND (best_weight_before IS NULL OR weight_kg > best_weight_before)
    UNION ALL
    SELECT user_id, id, exercise, 'e1rm', weight_kg, reps, e1rm, date FROM ranked
    WHERE e1rm IS NOT NULL AND (best_e1rm_before IS NULL OR e1rm > best_e1rm_before)
    UNION ALL
    SELECT user_id, id, exercise, 'reps', weight_kg, reps, reps, date FROM ranked
    WHERE reps > 0 AND best_reps_before IS NOT NULL AND reps > best_reps_before
    -- A set's record still filed under the exercise's former name (a renamed exercise takes its
    -- sets along) moves to the name the set has now.
    ON CONFLICT (workout_set_id, kind) DO UPDATE SET
        user_id = EXCLUDED.user_id, exercise = EXCLUDED.exercise, weight_kg = EXCLUDED.weight_kg,
        reps = EXCLUDED.reps, value = EXCLUDED.value, date = EXCLUDED.date;
    END IF;
    UPDATE exercise_stats SET records_lag = 0
    WHERE user_id = target.user_id AND exercise = target.exercise AND records_lag IS DISTINCT FROM 0;
    PERFORM set_config('app.system', caller, true);
    RETURN true;
END
$function$;

REVOKE ALL ON FUNCTION public.progress_set_relogged(p_set uuid) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION public.progress_set_relogged(p_set uuid) TO :"app_role";
