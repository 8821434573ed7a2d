CREATE OR REPLACE FUNCTION public.progress_sets_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'exercise_stats'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    users uuid[];
    exercises text[];
    logged record;
    edited record;
    best record;
BEGIN
    -- A bulk load by a system job recomputes its members once, before it commits (migration 0005).
    IF coalesce(current_setting('app.bulk_load', true), '') <> ''
       AND coalesce(current_setting('app.user_id', true), '') = ''
       AND coalesce(current_setting('app.staff', true), '') = '' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        WITH touched AS (SELECT workout_session_id, workout_template_id FROM new_rows WHERE completed_at IS NOT NULL AND deleted_at IS NULL)
        
    SELECT array_agg(k.user_id), array_agg(k.exercise) INTO users, exercises
    FROM (
        SELECT DISTINCT coalesce(s.user_id, p.user_id) AS user_id, lower(t.exercise_name) AS exercise
        FROM touched c
        LEFT JOIN workout_sessions s ON s.id = c.workout_session_id
        LEFT JOIN workout_templates t ON t.id = c.workout_template_id
        LEFT JOIN workout_plans p ON p.id = t.workout_plan_id
    ) k
    WHERE k.user_id IS NOT NULL;

    ELSIF TG_OP = 'DELETE' THEN
        WITH touched AS (SELECT workout_session_id, workout_template_id FROM old_rows WHERE completed_at IS NOT NULL AND deleted_at IS NULL)
        
    SELECT array_agg(k.user_id), array_agg(k.exercise) INTO users, exercises
    FROM (
        SELECT DISTINCT coalesce(s.user_id, p.user_id) AS user_id, lower(t.exercise_name) AS exercise
        FROM touched c
        LEFT JOIN workout_sessions s ON s.id = c.workout_session_id
        LEFT JOIN workout_templates t ON t.id = c.workout_template_id
        LEFT JOIN workout_plans p ON p.id = t.workout_plan_id
    ) k
    WHERE k.user_id IS NOT NULL;

    ELSE
        -- One set logged for the first time, strictly after every other set of its exercise:
        -- add it to the statistics (see this migration's docstring) instead of recomputing.
        IF (SELECT count(*) FROM new_rows) = 1 THEN
            SELECT n.id, n.actual_reps, n.weight_kg, n.completed_at, s.user_id, s.date,
                   t.exercise_name, lower(t.exercise_name) AS exercise
            INTO logged
            FROM old_rows o
            JOIN new_rows n ON n.id = o.id
            -- The set counts for the member whose session it is and whose plan holds its exercise.
            JOIN workout_sessions s ON s.id = n.workout_session_id AND s.deleted_at IS NULL
            JOIN workout_templates t ON t.id = n.workout_template_id
            JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = s.user_id
            WHERE NOT (o.completed_at IS NOT NULL AND o.deleted_at IS NULL)
              AND n.completed_at IS NOT NULL AND n.deleted_at IS NULL;
            IF FOUND THEN
                -- Lock first: what follows then sees every change to the exercise committed before.
                PERFORM 1 FROM exercise_stats es
                WHERE es.user_id = logged.user_id AND es.exercise = logged.exercise
                FOR UPDATE;
                IF FOUND AND NOT EXISTS (
                    -- Another counted set as late or later (from the member's sessions since that
                    -- date, newest first through their index, then each session's sets).
                    SELECT 1
                    FROM workout_sessions s
                    JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.id <> logged.id
                         AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
                    JOIN workout_templates t ON t.id = ws.workout_template_id
                         AND lower(t.exercise_name) = logged.exercise
                    JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = logged.user_id
                    WHERE s.user_id = logged.user_id AND s.deleted_at IS NULL AND s.date >= logged.date
                      AND (s.date, ws.completed_at) >= (logged.date, logged.completed_at)
                ) THEN
                    UPDATE exercise_stats es SET
                        display_name = logged.exercise_name,
                        sets = es.sets + 1,
                        reps = es.reps + logged.actual_reps,
                        volume_kg = es.volume_kg + logged.actual_reps * coalesce(logged.weight_kg, 0),
                        best_weight_kg = CASE WHEN logged.actual_reps > 0
                                              THEN greatest(es.best_weight_kg, logged.weight_kg)
                                              ELSE es.best_weight_kg END,
                        best_e1rm_kg = greatest(es.best_e1rm_kg, progress_e1rm(logged.weight_kg, logged.actual_reps)),
                        last_performed = greatest(es.last_performed, logged.date),
                        records_lag = es.records_lag + 1,
                        records_since = CASE WHEN es.records_lag = 0 THEN logged.date
                                             ELSE least(es.records_since, logged.date) END
                    WHERE es.user_id = logged.user_id AND es.exercise = logged.exercise;
                    RETURN NULL;
                END IF;
            END IF;
        END IF;
        -- One set logged before and again (an edit): take the difference (this migration's
        -- docstring) when the maxima stay known without a pass over the history.
        IF (SELECT count(*) FROM new_rows) = 1 THEN
            SELECT n.id, s.user_id, s.date, n.completed_at, t.exercise_name,
                   lower(t.exercise_name) AS exercise,
                   n.actual_reps - o.actual_reps AS reps_change,
                   n.actual_reps * coalesce(n.weight_kg, 0) - o.actual_reps * coalesce(o.weight_kg, 0)
                       AS volume_change,
                   CASE WHEN o.actual_reps > 0 THEN o.weight_kg END AS old_weight,
                   CASE WHEN n.actual_reps > 0 THEN n.weight_kg END AS new_weight,
                   progress_e1rm(o.weight_kg, o.actual_reps) AS old_e1rm,
                   progress_e1rm(n.weight_kg, n.actual_reps) AS new_e1rm
            INTO edited
            FROM old_rows o
            JOIN new_rows n ON n.id = o.id
            JOIN workout_sessions s ON s.id = n.workout_session_id AND s.deleted_at IS NULL
            JOIN workout_templates t ON t.id = n.workout_template_id
            JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = s.user_id
            WHERE o.completed_at IS NOT NULL AND o.deleted_at IS NULL
              AND n.completed_at IS NOT NULL AND n.deleted_at IS NULL
              AND n.workout_session_id = o.workout_session_id
              AND n.workout_template_id = o.workout_template_id
              AND n.completed_at >= o.completed_at;
            IF FOUND THEN
                SELECT es.best_weight_kg, es.best_e1rm_kg INTO best
                FROM exercise_stats es
                WHERE es.user_id = edited.user_id AND es.exercise = edited.exercise
                FOR UPDATE;
                IF FOUND
                   AND (edited.old_weight IS NULL OR edited.old_weight < best.best_weight_kg
                        OR edited.new_weight >= edited.old_weight)
                   AND (edited.old_e1rm IS NULL OR edited.old_e1rm < best.best_e1rm_kg
                        OR edited.new_e1rm >= edited.old_e1rm)
                   AND NOT EXISTS (
            SELECT 1
            FROM workout_sessions s
            JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.id <> edited.id
                 AND ws.deleted_at IS NULL AND ws.completed_at IS NOT NULL
            JOIN workout_templates t ON t.id = ws.workout_template_id AND lower(t.exercise_name) = edited.exercise
            JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = edited.user_id
            WHERE s.user_id = edited.user_id AND s.deleted_at IS NULL AND s.date >= edited.date
              AND (s.date, ws.completed_at) >= (edited.date, edited.completed_at)
        ) THEN
                    UPDATE exercise_stats es SET
                        display_name = edited.exercise_name,
                        reps = es.reps + edited.reps_change,
                        volume_kg = es.volume_kg + edited.volume_change,
                        best_weight_kg = greatest(es.best_weight_kg, edited.new_weight),
                        best_e1rm_kg = greatest(es.best_e1rm_kg, edited.new_e1rm),
                        records_lag = es.records_lag + 1,
                        records_since = CASE WHEN es.records_lag = 0 THEN edited.date
                                             ELSE least(es.records_since, edited.date) END
                    WHERE es.user_id = edited.user_id AND es.exercise = edited.exercise;
                    RETURN NULL;
                END IF;
            END IF;
        END IF;
        -- Only changes to what counts (not a new position, RPE or timestamp) cost a recomputation.
        WITH changed AS (
            SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (o.actual_reps, o.weight_kg, o.completed_at, o.deleted_at, o.workout_template_id, o.workout_session_id) IS DISTINCT FROM (n.actual_reps, n.weight_kg, n.completed_at, n.deleted_at, n.workout_template_id, n.workout_session_id)
        ),
        touched AS (
            SELECT workout_session_id, workout_template_id FROM old_rows JOIN changed USING (id) WHERE completed_at IS NOT NULL AND deleted_at IS NULL
            UNION
            SELECT workout_session_id, workout_template_id FROM new_rows JOIN changed USING (id) WHERE completed_at IS NOT NULL AND deleted_at IS NULL
        )
        
    SELECT array_agg(k.user_id), array_agg(k.exercise) INTO users, exercises
    FROM (
        SELECT DISTINCT coalesce(s.user_id, p.user_id) AS user_id, lower(t.exercise_name) AS exercise
        FROM touched c
        LEFT JOIN workout_sessions s ON s.id = c.workout_session_id
        LEFT JOIN workout_templates t ON t.id = c.workout_template_id
        LEFT JOIN workout_plans p ON p.id = t.workout_plan_id
    ) k
    WHERE k.user_id IS NOT NULL;

    END IF;
    IF users IS NOT NULL THEN
        PERFORM progress_stats_recompute(users, exercises);
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER progress_sets_deleted AFTER DELETE ON public.workout_sets REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sets_changed();

CREATE OR REPLACE TRIGGER progress_sets_inserted AFTER INSERT ON public.workout_sets REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sets_changed();

CREATE OR REPLACE TRIGGER progress_sets_updated AFTER UPDATE ON public.workout_sets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sets_changed();
