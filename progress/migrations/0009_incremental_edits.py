"""Editing a logged set, the common case made independent of the history's length: the statistics
take the difference, and the records are derived again from the edited set's session date on.

Why: a member who corrects a set (a typo in the weight, one rep more) edits a set of today's
session. Both the statistics trigger and the records went through the exercise's whole history for
it: at 1,000 members × 3 years an edit cost five times the trivial view, and half as much again
as at one year.

The statistics (`progress_sets_changed`): one set that counted before and after the statement, in
the same session and exercise, logged again at the same time or later (the logging page stamps the
time of the edit) and then strictly the latest set of its exercise. The count, the last date and
the display name follow as for a first log (0006), the sums take the difference, and the maxima
stay exact without a pass over the history when the new value reaches the old maximum, or the old
value was below it (the maximum was then another set's); otherwise (an edit that lowers the best)
the row is recomputed as before.

The records: 0006's `records_lag` counts the changes to an exercise's counted sets since its
records were last derived, each of them one set logged or edited as above. They now also keep
`records_since`, the earliest session date among those changes. A change touches no set before
that date, and a set's records depend only on the sets before it, so every record before that
date is still exact, and the records from that date on can be derived again from the sets of
those days alone, seeded with the bests before it: the largest weight and 1RM records before the
date (a maximum is first reached by a record), and, per weight, the most reps done at it before
the date (through the (template, weight) index of workouts 0011). `progress_set_relogged(set)`
does that after an edit (nothing when `records_lag` is 0, the full re-derivation when it is
unknown) and returns whether it took the short way.

`records_since` means something only while `records_lag` is above 0: the triggers set it afresh
when the lag leaves 0. Django does not map it; only these functions read or write it.
"""

import importlib
import re

from django.conf import settings
from django.db import migrations

ROLE = settings.DATABASE_APP_ROLE
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", ROLE):
    raise ValueError(f"DATABASE_APP_ROLE must be a lower-case SQL identifier, not {ROLE!r}")

LOGGING = importlib.import_module("progress.migrations.0006_incremental_logging")
RECORDS = importlib.import_module("progress.migrations.0008_records_in_the_database")


def _replace(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"expected {old!r} once in the function's text: edit this migration by hand")
    return text.replace(old, new)


LAG_UP = "                        records_lag = es.records_lag + 1\n"
LAG_AND_SINCE = """                        records_lag = es.records_lag + 1,
                        records_since = CASE WHEN es.records_lag = 0 THEN logged.date
                                             ELSE least(es.records_since, logged.date) END
"""
# The first-log case of 0006, which now keeps records_since too, followed by the edit case.
LOGGED = _replace(LOGGING.LOGGED, LAG_UP, LAG_AND_SINCE)
if not LOGGED.endswith("\n        END IF;"):
    raise ValueError("0006's logged-set case has changed: place the edit case by hand")
EDITED = f"""
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
                   AND NOT {RECORDS.LATER_SET.format(r="edited")} THEN
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
        END IF;"""  # nosec B608 - constant SQL built from these migrations' literals
SETS_CHANGED = _replace(LOGGING.SETS_CHANGED, LOGGING.LOGGED, LOGGED + EDITED)
SETS_CHANGED = _replace(
    SETS_CHANGED, "    logged record;\n", "    logged record;\n    edited record;\n    best record;\n"
)

# After an edit: the records from `records_since` on, derived again from those days' sets.
RELOGGED = f"""
CREATE FUNCTION progress_set_relogged(p_set uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    caller text := coalesce(current_setting('app.system', true), '');
    target record;
    lag integer;
    since date;
BEGIN
{RECORDS.TARGET.format(otherwise=" false")}{RECORDS.ENTER}
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
        ){RECORDS.RULES}
    END IF;{RECORDS.LEAVE}
    RETURN true;
END
$$;
REVOKE ALL ON FUNCTION progress_set_relogged(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION progress_set_relogged(uuid) TO {ROLE};
"""  # nosec B608 - ROLE is checked above to be a plain identifier


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0008_records_in_the_database"),
        ("workouts", "0012_set_log_function"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                "ALTER TABLE exercise_stats ADD COLUMN records_since date",
                SETS_CHANGED.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1),
                RELOGGED,
            ],
            reverse_sql=[
                "DROP FUNCTION progress_set_relogged(uuid)",
                LOGGING.SETS_CHANGED,
                "ALTER TABLE exercise_stats DROP COLUMN records_since",
            ],
        ),
    ]
