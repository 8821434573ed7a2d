"""A logged set answers a log sent again, and tells the page what it needs to show it in place.

`workouts_set_log` (migration 0012, 0013) gains a key and four answers:

- `p_key`: a key the member's browser makes for each log it sends (the page's script, and its
  queue of sets logged without a connection). It is written with the set and so with its
  history row; a log whose key the set's history holds already is answered as it was the first
  time (`replayed`), without writing anything: a set sent twice, or again after a newer change,
  is never written twice nor overwritten by its older self. The set's row is locked first, so of
  two identical logs at once the second waits for the first and then finds its key.
- `records`: the kinds of personal record the set holds now (progress 0008).
- `planned_sets`, `done_sets`, `total_reps`, `tonnage`: the session's totals, as the session
  page shows them (sessions.selectors.session_for_logging).

The page then shows a logged set without loading itself again, from this one call.

This is the function's whole text (0012 as 0013 left it, with the above); the reverse puts that
text back.
"""

from django.db import migrations, models

SET_LOG = """
CREATE FUNCTION workouts_set_log(
    p_set uuid, p_session uuid, p_member uuid, p_reps integer, p_weight_kg numeric, p_rpe numeric,
    p_completed_at timestamptz, p_history_user uuid, p_key uuid,
    OUT logged boolean, OUT replayed boolean, OUT logged_at timestamptz, OUT changed_at timestamptz,
    OUT upcoming uuid, OUT records text[],
    OUT planned_sets integer, OUT done_sets integer, OUT total_reps bigint, OUT tonnage numeric
)
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    first_log boolean;
BEGIN
    SELECT ws.completed_at IS NULL INTO first_log
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id AND s.deleted_at IS NULL
    WHERE ws.id = p_set AND ws.workout_session_id = p_session AND ws.deleted_at IS NULL
      AND (p_member IS NULL OR s.user_id = p_member)
    FOR UPDATE OF ws;
    logged := FOUND;
    IF NOT logged THEN
        RETURN;
    END IF;
    replayed := p_key IS NOT NULL AND EXISTS (
        SELECT 1 FROM workout_sets_history h WHERE h.id = p_set AND h.log_key = p_key
    );
    IF replayed THEN
        SELECT ws.completed_at, ws.updated_at INTO logged_at, changed_at FROM workout_sets ws WHERE ws.id = p_set;
    ELSE
        changed_at := clock_timestamp();
        logged_at := coalesce(p_completed_at, changed_at);
        UPDATE workout_sets
        SET actual_reps = p_reps, weight_kg = p_weight_kg, rpe = p_rpe, completed_at = logged_at,
            updated_at = changed_at, log_key = p_key
        WHERE id = p_set;
        INSERT INTO workout_sets_history (
            created_at, updated_at, deleted_at, id, actual_reps, position, target_reps, weight_kg, rpe,
            completed_at, log_key, workout_session_id, workout_template_id,
            history_date, history_change_reason, history_type, history_user_id
        )
        SELECT created_at, updated_at, deleted_at, id, actual_reps, position, target_reps, weight_kg, rpe,
               completed_at, log_key, workout_session_id, workout_template_id,
               clock_timestamp(), NULL, '~', p_history_user
        FROM workout_sets WHERE id = p_set;
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
    SELECT count(*), count(*) FILTER (WHERE ws.completed_at IS NOT NULL),
           coalesce(sum(ws.actual_reps) FILTER (WHERE ws.completed_at IS NOT NULL), 0),
           coalesce(sum(ws.actual_reps * ws.weight_kg) FILTER (WHERE ws.completed_at IS NOT NULL), 0)
    INTO planned_sets, done_sets, total_reps, tonnage
    FROM workout_sets ws
    WHERE ws.workout_session_id = p_session AND ws.deleted_at IS NULL;
END
$$;
"""

PREVIOUS = """
CREATE FUNCTION workouts_set_log(
    p_set uuid, p_session uuid, p_member uuid, p_reps integer, p_weight_kg numeric, p_rpe numeric,
    p_completed_at timestamptz, p_history_user uuid,
    OUT logged boolean, OUT logged_at timestamptz, OUT changed_at timestamptz, OUT upcoming uuid
)
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    first_log boolean;
BEGIN
    SELECT ws.completed_at IS NULL INTO first_log
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id AND s.deleted_at IS NULL
    WHERE ws.id = p_set AND ws.workout_session_id = p_session AND ws.deleted_at IS NULL
      AND (p_member IS NULL OR s.user_id = p_member)
    FOR UPDATE OF ws;
    logged := FOUND;
    IF NOT logged THEN
        RETURN;
    END IF;
    changed_at := clock_timestamp();
    logged_at := coalesce(p_completed_at, changed_at);
    UPDATE workout_sets
    SET actual_reps = p_reps, weight_kg = p_weight_kg, rpe = p_rpe, completed_at = logged_at,
        updated_at = changed_at
    WHERE id = p_set;
    INSERT INTO workout_sets_history (
        created_at, updated_at, deleted_at, id, actual_reps, position, target_reps, weight_kg, rpe,
        completed_at, workout_session_id, workout_template_id,
        history_date, history_change_reason, history_type, history_user_id
    )
    SELECT created_at, updated_at, deleted_at, id, actual_reps, position, target_reps, weight_kg, rpe,
           completed_at, workout_session_id, workout_template_id,
           clock_timestamp(), NULL, '~', p_history_user
    FROM workout_sets WHERE id = p_set;
    IF first_log THEN
        PERFORM progress_set_logged(p_set);
    ELSE
        PERFORM progress_set_relogged(p_set);
    END IF;
    SELECT ws.id INTO upcoming
    FROM workout_sets ws
    WHERE ws.workout_session_id = p_session AND ws.completed_at IS NULL AND ws.deleted_at IS NULL
    ORDER BY ws.position, ws.created_at
    LIMIT 1;
END
$$;
"""

DROP_SET_LOG = "DROP FUNCTION workouts_set_log(uuid, uuid, uuid, integer, numeric, numeric, timestamptz, uuid, uuid)"
DROP_PREVIOUS = "DROP FUNCTION workouts_set_log(uuid, uuid, uuid, integer, numeric, numeric, timestamptz, uuid)"


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0014_member_data_touch_plan"),
        ("progress", "0010_sets_trigger_plans"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalworkoutset",
            name="log_key",
            field=models.UUIDField(
                blank=True,
                editable=False,
                help_text="The key of the latest log the browser sent: a log sent again is a no-op.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="workoutset",
            name="log_key",
            field=models.UUIDField(
                blank=True,
                editable=False,
                help_text="The key of the latest log the browser sent: a log sent again is a no-op.",
                null=True,
            ),
        ),
        migrations.RunSQL(sql=[DROP_PREVIOUS, SET_LOG], reverse_sql=[DROP_SET_LOG, PREVIOUS]),
    ]
