"""Logging a set is one database call: `workouts_set_log`.

Why: logging a set is the app's most frequent write, made at the gym between two sets. Through
the ORM it took seven statements (find the set, update it, write its history row, the records,
find the next set, and a savepoint around them), each built in Python and sent on its own; at
1,000 members × 3 years it cost about three times the server time of a page read from the cache.
In PL/pgSQL the same statements run in one round trip, with plans kept for the connection.

What it does, in one transaction with the caller's:

1. Finds and locks the set: a live set of the given live session, of `p_member` when given (the
   view passes the signed-in member, so another member's set, even one staff could see, is "not
   found"). Row-level security applies as to any statement of the caller: the function is
   SECURITY INVOKER. Nothing found: `logged` is false and nothing changes.
2. Writes what was done (reps, weight in kilograms, RPE, the time it was logged) and stamps
   `updated_at`, as `Model.save()` did; the triggers on `workout_sets` (statistics, data version)
   fire as for any update.
3. Writes the change's history row, as django-simple-history does for a save: every field of the
   set as it now is, `history_type` '~', the time, and the user who made the change
   (`p_history_user`, which the caller takes from simple-history's own request context).
   A test holds the row to the one simple-history writes.
4. Brings the personal records up to date (progress 0008): the short path after a first log,
   the re-derivation after an edit.
5. Returns when the set was logged and changed, and the session's next set still to do, for
   the page to scroll to.
"""

from django.db import migrations

SET_LOG = """
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
        PERFORM progress_records_rederive(p_set);
    END IF;
    SELECT ws.id INTO upcoming
    FROM workout_sets ws
    WHERE ws.workout_session_id = p_session AND ws.completed_at IS NULL AND ws.deleted_at IS NULL
    ORDER BY ws.position, ws.created_at
    LIMIT 1;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0011_sets_template_weight_index"),
        ("progress", "0008_records_in_the_database"),
    ]

    operations = [
        migrations.RunSQL(
            sql=SET_LOG,
            reverse_sql=(
                "DROP FUNCTION workouts_set_log(uuid, uuid, uuid, integer, numeric, numeric, timestamptz, uuid)"
            ),
        ),
    ]
