CREATE OR REPLACE FUNCTION public.progress_weeks_sets_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'weekly_volume'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    users uuid[];
    exercises text[];
    weeks date[];
    logged record;
BEGIN
    IF coalesce(current_setting('app.bulk_load', true), '') <> ''
       AND coalesce(current_setting('app.user_id', true), '') = ''
       AND coalesce(current_setting('app.staff', true), '') = '' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        WITH touched AS (SELECT workout_session_id, workout_template_id FROM new_rows WHERE completed_at IS NOT NULL AND deleted_at IS NULL)
        
    SELECT array_agg(k.user_id), array_agg(k.exercise), array_agg(k.week) INTO users, exercises, weeks
    FROM (
        SELECT DISTINCT s.user_id, lower(t.exercise_name) AS exercise, (s.date - (extract(isodow FROM s.date)::integer - 1)) AS week
        FROM touched c
        JOIN workout_sessions s ON s.id = c.workout_session_id
        LEFT JOIN workout_templates t ON t.id = c.workout_template_id
    ) k;
    ELSIF TG_OP = 'DELETE' THEN
        WITH touched AS (SELECT workout_session_id, workout_template_id FROM old_rows WHERE completed_at IS NOT NULL AND deleted_at IS NULL)
        
    SELECT array_agg(k.user_id), array_agg(k.exercise), array_agg(k.week) INTO users, exercises, weeks
    FROM (
        SELECT DISTINCT s.user_id, lower(t.exercise_name) AS exercise, (s.date - (extract(isodow FROM s.date)::integer - 1)) AS week
        FROM touched c
        JOIN workout_sessions s ON s.id = c.workout_session_id
        LEFT JOIN workout_templates t ON t.id = c.workout_template_id
    ) k;
    ELSE
        IF (SELECT count(*) FROM new_rows) = 1 THEN
            SELECT s.user_id, lower(t.exercise_name) AS exercise, (s.date - (extract(isodow FROM s.date)::integer - 1)) AS week,
                   n.actual_reps, n.weight_kg
            INTO logged
            FROM old_rows o
            JOIN new_rows n ON n.id = o.id
            -- The set counts for the member whose session it is and whose plan holds its exercise.
            JOIN workout_sessions s ON s.id = n.workout_session_id AND s.deleted_at IS NULL
            JOIN workout_templates t ON t.id = n.workout_template_id
            JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = s.user_id
            WHERE NOT (o.completed_at IS NOT NULL AND o.deleted_at IS NULL) AND n.completed_at IS NOT NULL AND n.deleted_at IS NULL;
            IF FOUND THEN
                INSERT INTO weekly_volume AS wv
                    (user_id, exercise, week, volume_kg, sets, reps, best_weight_kg, best_e1rm_kg)
                VALUES (logged.user_id, logged.exercise, logged.week,
                        logged.actual_reps * coalesce(logged.weight_kg, 0), 1, logged.actual_reps,
                        CASE WHEN logged.actual_reps > 0 THEN logged.weight_kg END,
                        progress_e1rm(logged.weight_kg, logged.actual_reps))
                ON CONFLICT (user_id, exercise, week) DO UPDATE SET
                    volume_kg = wv.volume_kg + EXCLUDED.volume_kg,
                    sets = wv.sets + 1,
                    reps = wv.reps + EXCLUDED.reps,
                    best_weight_kg = greatest(wv.best_weight_kg, EXCLUDED.best_weight_kg),
                    best_e1rm_kg = greatest(wv.best_e1rm_kg, EXCLUDED.best_e1rm_kg);
                RETURN NULL;
            END IF;
        END IF;
        -- Only a change to what counts (not a new position, RPE or timestamp) is recomputed.
        WITH changed AS (
            SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.actual_reps, o.weight_kg, o.completed_at, o.deleted_at, o.workout_template_id, o.workout_session_id) IS DISTINCT FROM (n.actual_reps, n.weight_kg, n.completed_at, n.deleted_at, n.workout_template_id, n.workout_session_id)
        ),
        touched AS (
            SELECT workout_session_id, workout_template_id FROM old_rows JOIN changed USING (id) WHERE completed_at IS NOT NULL AND deleted_at IS NULL
            UNION
            SELECT workout_session_id, workout_template_id FROM new_rows JOIN changed USING (id) WHERE completed_at IS NOT NULL AND deleted_at IS NULL
        )
        
    SELECT array_agg(k.user_id), array_agg(k.exercise), array_agg(k.week) INTO users, exercises, weeks
    FROM (
        SELECT DISTINCT s.user_id, lower(t.exercise_name) AS exercise, (s.date - (extract(isodow FROM s.date)::integer - 1)) AS week
        FROM touched c
        JOIN workout_sessions s ON s.id = c.workout_session_id
        LEFT JOIN workout_templates t ON t.id = c.workout_template_id
    ) k;
    END IF;
    IF users IS NOT NULL THEN
        PERFORM progress_weeks_recompute(users, exercises, weeks);
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER progress_weeks_sets_deleted AFTER DELETE ON public.workout_sets REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_sets_changed();

CREATE OR REPLACE TRIGGER progress_weeks_sets_inserted AFTER INSERT ON public.workout_sets REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_sets_changed();

CREATE OR REPLACE TRIGGER progress_weeks_sets_updated AFTER UPDATE ON public.workout_sets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_weeks_sets_changed();
