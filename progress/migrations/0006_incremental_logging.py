"""Logging a set, the common case made cheap: the statistics and the personal records take the
one new set into account instead of being recomputed from the exercise's whole history.

Why: logging a set is the app's most frequent write. At 1,000 members × 3 years (10 M sets) it
cost ≈ 60 ms in-process, two thirds of it the recomputations: the statistics trigger walked the
exercise's every set (≈ 7 ms), and the records were deleted and re-derived with window functions
over the same history (≈ 20 ms, and a deferred foreign-key check per re-inserted record at
COMMIT). One set logged after every other set of its exercise changes neither what came before
it nor the records of earlier sets, so both can be brought up to date from that set alone.

When: the set is logged for the first time (it did not count before the statement and counts
after it), alone in its statement, and it is strictly the latest set of its exercise (session
date, then logging time; a tie takes the full path, as does anything else: an edit, a removal, a
restore, a set logged into an older session, a moved session, a renamed exercise, a bulk load).

The statistics (`progress_sets_changed`): adding one set to the counted sets is exact for every
column (a count, two sums of exact numerics, maxima, the latest date, and the display name of the
latest set, which is the new set). The trigger locks the statistics row before it looks for a
later set, so a concurrent log of the same exercise has committed (and is seen) or waits.

The records (`progress.services.records_update`): the incremental path is exact only while the
exercise's records equal a re-derivation from its sets, and other writes (a set removed, a
session deleted, an admin edit) change sets without touching the records: the next full
re-derivation repairs them. So the statistics row carries `records_lag`, the number of changes
to the exercise's counted sets since its records were last derived, kept by the same triggers:

- every recomputation (any change but the incremental case above) sets it to NULL (unknown);
- the incremental case adds one (NULL stays NULL);
- deriving the records, fully or incrementally, sets it to 0 (`progress_records_derived`).

A logged set whose exercise then shows `records_lag = 1`, that counts, has no records and is
strictly the latest is therefore the one change since the records were last right, and the
records are those plus the new set's own. Anything else takes the full re-derivation.

`records_lag` is a column Django does not map: only these functions read or write it.

Who may reset it: `progress_records_derived` is SECURITY DEFINER so the app's role can write that
one column of `exercise_stats`; it checks the caller first, with the rule that binds the caller's
writes to `personal_records` (the member themself, staff or a system job), and takes the
statistics' writing context (`app.system = 'exercise_stats'`) only for its one UPDATE, restoring
the caller's before it returns (an error aborts the transaction or savepoint, which restores it
too). It needs the caller's own `app.system` to check it, hence no SET clause in its definition.
"""

import importlib
import re

from django.conf import settings
from django.db import migrations

ROLE = settings.DATABASE_APP_ROLE
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", ROLE):
    raise ValueError(f"DATABASE_APP_ROLE must be a lower-case SQL identifier, not {ROLE!r}")

TRIGGERS = importlib.import_module("progress.migrations.0002_statistics_triggers")
BULK_LOAD = importlib.import_module("progress.migrations.0005_bulk_load")
DEFINER = TRIGGERS.DEFINER

# Both recomputations end with this upsert clause: they now also mark the records' lag unknown.
UPSERT_END = "last_performed = EXCLUDED.last_performed;"
MARK_UNKNOWN = "last_performed = EXCLUDED.last_performed, records_lag = NULL;"


def _replace(function: str, old: str, new: str) -> str:
    if function.count(old) != 1:
        raise ValueError(f"expected {old!r} once in the function's text: edit this migration by hand")
    return function.replace(old, new).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)


RECOMPUTE = _replace(TRIGGERS.RECOMPUTE, UPSERT_END, MARK_UNKNOWN)
REBUILD = _replace(BULK_LOAD.REBUILD, UPSERT_END, MARK_UNKNOWN)
OLD_RECOMPUTE = _replace(TRIGGERS.RECOMPUTE, UPSERT_END, UPSERT_END)
OLD_REBUILD = _replace(BULK_LOAD.REBUILD, UPSERT_END, UPSERT_END)
OLD_SETS_CHANGED = BULK_LOAD._replace(TRIGGERS.SETS_CHANGED, guarded=True)

# The one-set, first-log case of an UPDATE; the rest of the function is 0002's, guarded as in 0005.
LOGGED = """
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
                        records_lag = es.records_lag + 1
                    WHERE es.user_id = logged.user_id AND es.exercise = logged.exercise;
                    RETURN NULL;
                END IF;
            END IF;
        END IF;"""

SETS_CHANGED = OLD_SETS_CHANGED.replace(
    "    exercises text[];\n", "    exercises text[];\n    logged record;\n", 1
).replace("    ELSE\n", f"    ELSE{LOGGED}\n", 1)
if SETS_CHANGED.count("logged record;") != 1 or SETS_CHANGED.count(LOGGED) != 1:
    raise ValueError("progress_sets_changed has changed: place the logged-set case by hand")

DERIVED = f"""
CREATE FUNCTION progress_records_derived(p_user uuid, p_exercise text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    caller text := coalesce(current_setting('app.system', true), '');
BEGIN
    -- The rule of the caller's own writes to personal_records (migration 0002's policy).
    IF NOT (p_user = app_user_id() OR app_privileged()) THEN
        RAISE EXCEPTION 'records are derived by their member, staff or a system job only';
    END IF;
    PERFORM set_config('app.system', 'exercise_stats', true);
    UPDATE exercise_stats SET records_lag = 0
    WHERE user_id = p_user AND exercise = p_exercise AND records_lag IS DISTINCT FROM 0;
    PERFORM set_config('app.system', caller, true);
END
$$;
REVOKE ALL ON FUNCTION progress_records_derived(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION progress_records_derived(uuid, text) TO {ROLE};
"""  # nosec B608 - ROLE is checked above to be a plain identifier


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0005_bulk_load"),
    ]

    operations = [
        migrations.RunSQL(
            # Existing rows start unknown (NULL): each exercise's next log re-derives its records.
            sql=[
                "ALTER TABLE exercise_stats ADD COLUMN records_lag integer",
                RECOMPUTE,
                REBUILD,
                SETS_CHANGED,
                DERIVED,
            ],
            reverse_sql=[
                "DROP FUNCTION progress_records_derived(uuid, text)",
                OLD_SETS_CHANGED,
                OLD_REBUILD,
                OLD_RECOMPUTE,
                "ALTER TABLE exercise_stats DROP COLUMN records_lag",
            ],
        ),
    ]
