-- Logging a set, in one round trip: the set's new values, its history row, its records and the
-- session's totals (sessions.services.set_log_in_session).
--
-- What a log writes is `p_values`, a JSON object of workout_sets columns and values, made from the
-- set form's cleaned data (sessions.forms.SetLogForm, whose fields are WorkoutSet.LOGGED_FIELDS).
-- The update names those columns (a column the object leaves out keeps its value), and refuses an
-- object naming any other (the keys, the times, the log key, or a column not logged): a test holds
-- the list here equal to WorkoutSet.LOGGED_FIELDS, so a logged column added is added here by the
-- same migration (its SyncSql). The history row copies the whole set row, whatever its columns.
--
-- Why the update is written out rather than made from the object's keys: a statement made at each
-- call (EXECUTE) is planned at each call, and that planning was a third of a log's database time
-- (large, the largest member's first logs, rolled back: p50 4.2 ms made, 2.8 ms written out).
--
-- `p_key`: the key the page's script sends with each log. A key the set's history holds already
-- means the log was sent before (a double tap, the offline queue sent twice): nothing is written
-- and the answer is the first time's.
-- `p_read_at`: the set's `updated_at` as a plain form showed it. A set changed since is left alone
-- (`stale`), unless it holds these very values (then this is the first send, answered again).
-- The row lock (FOR UPDATE) makes two logs of one set take turns, so only one writes.
-- `p_kind`: the kind of set the form was made for (workout_sets.kind; NULL: any). A set of
-- another kind is not logged (`logged` false, as for a set not found): the values are another
-- kind's, which its CHECKs would refuse.
CREATE OR REPLACE FUNCTION public.workouts_set_log(p_set uuid, p_session uuid, p_member uuid, p_values jsonb, p_completed_at timestamp with time zone, p_history_user uuid, p_key uuid, p_read_at timestamp with time zone, p_kind text, OUT logged boolean, OUT replayed boolean, OUT stale boolean, OUT logged_at timestamp with time zone, OUT changed_at timestamp with time zone, OUT upcoming uuid, OUT records text[], OUT planned_sets integer, OUT done_sets integer, OUT total_reps bigint, OUT tonnage numeric)
 RETURNS record
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    current_row workout_sets;
    first_log boolean;
BEGIN
    IF EXISTS (
        SELECT 1 FROM jsonb_object_keys(p_values) key
        WHERE key NOT IN ('weight_kg', 'added_kg', 'actual_reps', 'distance_m', 'duration_seconds', 'rpe')
    ) THEN
        RAISE EXCEPTION 'a log writes what was done in a set, not its keys or times'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT ws.* INTO current_row
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id AND s.deleted_at IS NULL
    WHERE ws.id = p_set AND ws.workout_session_id = p_session AND ws.deleted_at IS NULL
      AND (p_member IS NULL OR s.user_id = p_member) AND (p_kind IS NULL OR ws.kind = p_kind)
    FOR UPDATE OF ws;
    logged := FOUND;
    IF NOT logged THEN
        RETURN;
    END IF;
    first_log := current_row.completed_at IS NULL;
    stale := NOT first_log AND p_read_at IS NOT NULL AND current_row.updated_at IS DISTINCT FROM p_read_at;
    replayed := p_key IS NOT NULL AND EXISTS (
        SELECT 1 FROM workout_sets_history h WHERE h.id = p_set AND h.log_key = p_key
    );
    -- Changed since the form was read, to what this log says (its own first send): done.
    IF stale AND jsonb_populate_record(current_row, p_values) IS NOT DISTINCT FROM current_row THEN
        replayed := true;
        stale := false;
    END IF;
    IF replayed OR stale THEN
        logged_at := current_row.completed_at;
        changed_at := current_row.updated_at;
    ELSE
        changed_at := clock_timestamp();
        logged_at := coalesce(p_completed_at, changed_at);
        UPDATE workout_sets ws SET
            weight_kg = v.weight_kg, added_kg = v.added_kg, actual_reps = v.actual_reps,
            distance_m = v.distance_m, duration_seconds = v.duration_seconds, rpe = v.rpe,
            completed_at = logged_at, updated_at = changed_at, log_key = p_key
        FROM jsonb_populate_record(current_row, p_values) v
        WHERE ws.id = p_set;
        -- The history row: the set as it is now, every column, with simple-history's own.
        INSERT INTO workout_sets_history
        SELECT (jsonb_populate_record(NULL::workout_sets_history, to_jsonb(ws) || jsonb_build_object(
            'history_id', nextval('workout_sets_history_history_id_seq'),
            'history_date', clock_timestamp(),
            'history_type', '~',
            'history_user_id', p_history_user
        ))).*
        FROM workout_sets ws
        WHERE ws.id = p_set;
        IF first_log THEN
            PERFORM progress_set_logged(p_set);
        ELSE
            PERFORM progress_set_relogged(p_set);
        END IF;
    END IF;
    SELECT ws.id INTO upcoming
    FROM workout_sets ws
    WHERE ws.workout_session_id = p_session AND ws.completed_at IS NULL AND ws.deleted_at IS NULL
    ORDER BY ws.position, ws.created_at
    LIMIT 1;
    SELECT coalesce(array_agg(pr.kind ORDER BY pr.kind), '{}') INTO records
    FROM personal_records pr
    WHERE pr.workout_set_id = p_set;
    SELECT t.planned_sets, t.done_sets, t.total_reps, t.tonnage
    INTO planned_sets, done_sets, total_reps, tonnage
    FROM workouts_session_totals(ARRAY[p_session]) t;
    planned_sets := coalesce(planned_sets, 0);
    done_sets := coalesce(done_sets, 0);
    total_reps := coalesce(total_reps, 0);
    tonnage := coalesce(tonnage, 0);
END
$function$;
